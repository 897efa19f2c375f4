package org.rapport.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Formats one chunk's rows into one CSV byte buffer per {@link WorldFile}, without a header. */
final class CsvChunk implements RowSink {
    private static final byte[] EMAIL_PREFIX = ascii("customer");
    private static final byte[] EMAIL_SUFFIX = ascii("@example.com");
    private static final byte[] PHONE_PREFIX = ascii("+1555");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final WorldFile[] FILES = WorldFile.values();

    private final Names names;
    private final ByteBuf[] bufs = new ByteBuf[FILES.length];
    private final long[] rows = new long[FILES.length];

    CsvChunk(Names names, int customers) {
        this.names = names;
        for (WorldFile f : FILES) {
            int perRow = f == WorldFile.TRANSACTIONS ? 300 : f == WorldFile.CUSTOMERS || f == WorldFile.TRUTH_CUSTOMERS
                    ? 130 : 16;
            bufs[f.ordinal()] = new ByteBuf(customers * perRow);
        }
    }

    /** @return the rows per file of this chunk, indexed by {@link WorldFile#ordinal()} */
    long[] rows() {
        return rows;
    }

    /** @param f a file @param out where to write this chunk's rows of {@code f} @throws IOException from the stream */
    void writeTo(WorldFile f, OutputStream out) throws IOException {
        bufs[f.ordinal()].writeTo(out);
    }

    private ByteBuf row(WorldFile f) {
        rows[f.ordinal()]++;
        return bufs[f.ordinal()];
    }

    @Override
    public void transaction(long customerId, int day, long cents, long orderId, int product, int quantity,
                            int channel) {
        row(WorldFile.TRANSACTIONS).putLong(customerId).comma().put(names.date(day)).comma().putFixed(cents, 2).comma()
                .putLong(orderId).comma().put(names.product[product]).comma().putLong(quantity).comma()
                .put(names.orderChannel[channel]).newline();
    }

    @Override
    public void customer(long customerId, int birthDay, int region, long householdId, int acquisitionChannel,
                         int acquisitionDay, long surveyWalletCents, int[] needs) {
        ByteBuf b = row(WorldFile.CUSTOMERS).putLong(customerId).comma().put(EMAIL_PREFIX).putLong(customerId)
                .put(EMAIL_SUFFIX).comma().put(PHONE_PREFIX);
        long phone = customerId % 10_000_000;
        for (long d = 1_000_000; d >= 1; d /= 10) {
            b.put((byte) ('0' + phone / d % 10));
        }
        b.comma().putDate(birthDay).comma().put(names.region[region]).comma().putLong(householdId).comma()
                .put(names.acquisitionChannel[acquisitionChannel]).comma().put(names.date(acquisitionDay)).comma();
        if (surveyWalletCents != NO_WALLET) {
            b.putFixed(surveyWalletCents, 2);
        }
        for (int need : needs) {
            b.comma().putLong(need);
        }
        b.newline();
    }

    @Override
    public void lifeEvent(long customerId, int day, int type) {
        row(WorldFile.LIFE_EVENTS).putLong(customerId).comma().put(names.date(day)).comma().put(names.lifeEvent[type])
                .newline();
    }

    @Override
    public void interaction(long customerId, int day, int touchpoint, int rating) {
        row(WorldFile.INTERACTIONS).putLong(customerId).comma().put(names.date(day)).comma().put(names.touchpoint[touchpoint])
                .comma().putLong(rating).newline();
    }

    @Override
    public void feedback(long customerId, int day, int topic, int text, int rating) {
        row(WorldFile.FEEDBACK).putLong(customerId).comma().put(names.date(day)).comma().put(names.topic[topic]).comma()
                .put(names.text[topic][text]).comma().putLong(rating).newline();
    }

    @Override
    public void householdLink(long customerId, long relatedCustomerId, int relation) {
        row(WorldFile.HOUSEHOLD_LINKS).putLong(customerId).comma().putLong(relatedCustomerId).comma()
                .put(names.relation[relation]).newline();
    }

    @Override
    public void truth(CustomerTruthRow t) {
        ByteBuf b = row(WorldFile.TRUTH_CUSTOMERS).putLong(t.customerId).comma().put(names.segment[t.segment]).comma()
                .putSignificant(t.lambda).comma().putSignificant(t.dropoutProbability).comma().putSignificant(t.nu)
                .comma().putSignificant(t.expectedOrderValue).comma().putSignificant(t.trueWallet).comma()
                .putSignificant(t.trueShare)
                .comma().put(t.aliveAtCalibrationEnd ? TRUE : FALSE).comma().put(t.aliveAtEnd ? TRUE : FALSE).comma();
        if (t.dropoutDay != NO_DAY) {
            b.put(names.date(t.dropoutDay));
        }
        b.comma().putLong(t.ordersCalibration).comma().putLong(t.ordersHoldout).newline();
    }

    @Override
    public void prospect(long prospectId, int channel, int region, int segment, long probability, long costCents) {
        row(WorldFile.PROSPECTS).putLong(prospectId).comma().put(names.acquisitionChannel[channel]).comma()
                .put(names.region[region]).comma().put(names.segment[segment]).comma().putFixed(probability, 4)
                .comma().putFixed(costCents, 2).newline();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The CSV bytes of every name the rows refer to by index, computed once per simulation. */
    static final class Names {
        final byte[][] product;
        final byte[][] orderChannel;
        final byte[][] acquisitionChannel;
        final byte[][] region;
        final byte[][] segment;
        final byte[][] lifeEvent;
        final byte[][] touchpoint;
        final byte[][] topic;
        final byte[][][] text;
        final byte[][] relation = {ascii("partner"), ascii("family")};

        private final int firstDay;
        private final byte[][] dates;

        Names(WorldOptions o) {
            PlantedWorld w = o.world();
            firstDay = (int) o.start().toEpochDay();
            dates = new byte[(int) (o.end().toEpochDay() - firstDay + 1)][];
            for (int d = 0; d < dates.length; d++) {
                dates[d] = new ByteBuf(10).putDate(firstDay + d).toString().getBytes(StandardCharsets.US_ASCII);
            }
            product = csv(w.catalog().products().stream().map(Catalog.Product::id).toList());
            orderChannel = csv(w.orderChannels());
            acquisitionChannel = csv(w.acquisitionChannels().stream().map(PlantedWorld.AcquisitionChannel::name)
                    .toList());
            region = csv(w.regions().stream().map(PlantedWorld.Region::name).toList());
            segment = csv(w.segments().stream().map(PlantedWorld.Segment::name).toList());
            lifeEvent = csv(w.lifeEvents().stream().map(PlantedWorld.LifeEvent::type).toList());
            touchpoint = csv(w.touchpoints().stream().map(PlantedWorld.Touchpoint::name).toList());
            topic = csv(w.feedbackTopics().stream().map(PlantedWorld.FeedbackTopic::name).toList());
            text = new byte[w.feedbackTopics().size()][][];
            for (int i = 0; i < text.length; i++) {
                text[i] = csv(w.feedbackTopics().get(i).texts());
            }
        }

        /** @param epochDay a day @return its ISO date bytes, from the cache for days in the simulated period */
        byte[] date(int epochDay) {
            int i = epochDay - firstDay;
            if (i >= 0 && i < dates.length) {
                return dates[i];
            }
            return new ByteBuf(10).putDate(epochDay).toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[][] csv(List<String> names) {
            return names.stream().map(ByteBuf::csv).toArray(byte[][]::new);
        }
    }
}
