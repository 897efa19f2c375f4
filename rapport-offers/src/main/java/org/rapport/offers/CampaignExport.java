package org.rapport.offers;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rapport.store.RapportStore;
import org.rapport.store.export.CsvCells;

/**
 * A tailored coupon list from the stored offers ({@code customer_offers}, written by
 * {@code rapport offers score}): for one offer, every customer who has it among their offers; for one
 * segment, every customer of the segment with their best offer. Customers without the channel's
 * contact field, without consent or at the contact policy's limit are skipped; every exported row is
 * recorded in {@code offer_history} (so the policy sees it next time). Cells that start like a
 * spreadsheet formula ({@code = + - @}, tab, CR) get a leading {@code '} ({@link CsvCells}, OWASP).
 *
 * <p>Coupon codes are deterministic: the first 80 bits of HMAC-SHA256 keyed with the campaign name over
 * {@code customer_id + "|" + offer_id}, in RFC 4648 base32, grouped {@code XXXX-XXXX-XXXX-XXXX}. The same
 * campaign, customer and offer always give the same code; codes of different customers differ
 * (collisions are a 2^-80 event), and without the campaign name they cannot be derived.
 */
public final class CampaignExport {
    private CampaignExport() {
    }

    /** Contact channels. */
    public enum Channel {
        /** Postal mail: region and phone are exported. */
        MAIL,
        /** E-mail: the email address is exported. */
        EMAIL
    }

    /**
     * What was exported.
     *
     * @param campaign the campaign name (the coupon key)
     * @param rows rows written
     * @param skippedNoContact customers without the channel's contact field
     * @param skippedPolicy customers skipped by the contact policy or consent
     * @param control eligible customers drawn into the control group (recorded, not exported, not contacted)
     * @param skippedGone customers left out because their P(alive) is under the selection's minimum
     * @param skippedDoNotDisturb customers left out because the uplift model predicts the offer lowers their take-up
     */
    public record Summary(String campaign, long rows, long skippedNoContact, long skippedPolicy, long control, long skippedGone,
            long skippedDoNotDisturb) {
    }

    /**
     * Who a campaign leaves out besides the contact rules (docs/offers.md, "Campaign selection").
     *
     * @param minPAlive customers whose P(alive) ({@code customer_scores}) is below this are left out; 0 keeps everybody
     * @param upliftFilter whether customers whose predicted uplift ({@link UpliftModel}, fitted on the past campaigns
     *     with control groups) is negative are left out
     */
    public record Selection(double minPAlive, boolean upliftFilter) {
        /** The defaults: P(alive) at least 0.5 (more likely still buying than gone), uplift filter on. */
        public static final Selection DEFAULTS = new Selection(0.5, true);
        /** No filter besides the contact rules. */
        public static final Selection NONE = new Selection(0, false);

        /** @throws IllegalArgumentException if the minimum is not in [0, 1] */
        public Selection {
            if (!(minPAlive >= 0 && minPAlive <= 1)) {
                throw new IllegalArgumentException("--min-p-alive must be a probability in [0, 1], not " + minPAlive);
            }
        }
    }

    private record Row(String customerId, String email, String phone, String region, String offerId, String productId, String reason,
            String source, Double propensity) {
    }

    /**
     * Exports a campaign.
     *
     * @param store the store
     * @param offerId the offer to send (or null when {@code segment} is given)
     * @param segment the segment whose customers get their best offer (or null)
     * @param channel mail or email
     * @param campaign the campaign name, or null for {@code offer-ID|segment-NAME-channel-date}
     * @param out the CSV file to write
     * @param config the settings (contact policy)
     * @param today the day of the contacts
     * @param controlShare share of the eligible customers drawn into the control group, 0 to 0.9 (null: {@code control-share})
     * @param seed seed of the draw (null: derived from the campaign name)
     * @return what was exported
     * @throws OfferException if there are no stored offers, the offer or segment is unknown, the share is out of range
     *     or no customer is eligible
     * @throws IOException if the file cannot be written
     */
    public static Summary run(RapportStore store, String offerId, String segment, Channel channel, String campaign, Path out,
            OfferConfig config, LocalDate today, Double controlShare, Long seed) throws IOException {
        return run(store, offerId, segment, channel, campaign, out, config, today, controlShare, seed, Selection.DEFAULTS);
    }

    /**
     * A challenger policy (docs/offers.md, "Champion and challenger"): the arbitration with other settings.
     *
     * @param config the challenger's settings
     * @param share the share of the treated customers that get the challenger's best offer instead of the champion's, in (0, 1)
     */
    public record Challenger(OfferConfig config, double share) {
        /** @throws IllegalArgumentException if the share is not in (0, 1) */
        public Challenger {
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("--challenger-share must be a share in (0, 1), not " + share);
            }
        }
    }

    /**
     * Exports a campaign with an explicit selection.
     *
     * @see #run(RapportStore, String, String, Channel, String, Path, OfferConfig, LocalDate, Double, Long)
     * @param selection the P(alive) and uplift filters
     */
    public static Summary run(RapportStore store, String offerId, String segment, Channel channel, String campaign, Path out,
            OfferConfig config, LocalDate today, Double controlShare, Long seed, Selection selection) throws IOException {
        return run(store, offerId, segment, channel, campaign, out, config, today, controlShare, seed, selection, null);
    }

    /**
     * Exports a campaign whose treated customers are split at random between the champion (the stored
     * offers) and a challenger policy.
     *
     * @see #run(RapportStore, String, String, Channel, String, Path, OfferConfig, LocalDate, Double, Long)
     * @param selection the P(alive) and uplift filters
     * @param challenger the challenger, or null for none
     */
    public static Summary run(RapportStore store, String offerId, String segment, Channel channel, String campaign, Path out,
            OfferConfig config, LocalDate today, Double controlShare, Long seed, Selection selection, Challenger challenger)
            throws IOException {
        double share = controlShare == null ? config.controlShare() : OfferConfig.controlShare(String.valueOf(controlShare));
        if ((offerId == null) == (segment == null)) {
            throw new IllegalArgumentException("give exactly one of --offer ID and --segment NAME");
        }
        if (store.queryLong("SELECT count(*) FROM customer_offers") == 0) {
            throw new IllegalArgumentException("no offers in the store: run rapport offers score first");
        }
        String name = campaign != null ? campaign
                : (offerId != null ? "offer-" + offerId : "segment-" + segment) + "-" + channel.name().toLowerCase(Locale.ROOT) + "-" + today;
        List<Row> rows = select(store, offerId, segment);
        ContactPolicy policy = ContactPolicy.load(store, config, today);
        java.util.Set<String> optedOut = optedOut(store, config);
        SelectionFilter filter = SelectionFilter.load(store, selection);
        long noContact = 0;
        long skipped = 0;
        List<Row> eligible = new ArrayList<>();
        for (Row r : rows) {
            boolean hasContact = channel == Channel.EMAIL ? r.email() != null : (r.region() != null || r.phone() != null);
            if (!hasContact) {
                noContact++;
            } else if (optedOut.contains(r.customerId()) || policy.remaining(r.customerId()) <= 0
                    || policy.coolingDown(r.customerId()).containsKey(r.productId())) {
                skipped++;
            } else if (filter.keep(r.customerId(), r.productId())) {
                eligible.add(r);
            }
        }
        if (eligible.isEmpty()) {
            throw new OfferException(OfferException.NO_ELIGIBLE, name, rows.size(), noContact,
                    channel == Channel.EMAIL ? "an email" : "a region or phone", skipped + filter.gone() + filter.doNotDisturb());
        }
        long drawSeed = seed != null ? seed : seedOf(name);
        boolean[] control = ControlGroup.draw(eligible.size(), share, drawSeed);
        String[] policies = challenger == null ? null : challenge(store, eligible, control, challenger, drawSeed, today);
        LocalDateTime now = today.atTime(java.time.LocalTime.now());
        String ch = channel.name().toLowerCase(Locale.ROOT);
        long written = write(store, out, channel, name, eligible, control, now);
        ControlGroup.record(store, name, now, ch, offerId != null ? "offer " + offerId : "segment " + segment, share, drawSeed,
                java.util.stream.IntStream.range(0, eligible.size()).mapToObj(i -> new String[] {eligible.get(i).customerId(),
                    eligible.get(i).offerId(), eligible.get(i).productId(), policies == null ? null : policies[i]}).toList(), control);
        return new Summary(name, written, noContact, skipped, eligible.size() - written, filter.gone(), filter.doNotDisturb());
    }

    /** The customers of the selection with the offer each would get: every holder of the offer, or each segment member's best. */
    private static List<Row> select(RapportStore store, String offerId, String segment) {
        List<Row> rows = new ArrayList<>();
        String cols = "SELECT o.customer_id, c.email, c.phone, c.region, o.offer_id, o.product_id, o.reason, o.source, o.propensity FROM customer_offers o "
                + "LEFT JOIN customers c USING (customer_id) ";
        RowMapper mapper = new RowMapper();
        if (offerId != null) {
            if (store.queryLong("SELECT count(*) FROM customer_offers WHERE offer_id = ?", offerId) == 0) {
                throw new IllegalArgumentException("offer '" + offerId + "' is not among the stored offers of any customer");
            }
            store.stream(cols + "WHERE o.offer_id = ? ORDER BY o.customer_id", mapper::map, rows::add, offerId);
        } else {
            String seg = segmentSql(store);
            if (seg == null) {
                throw new IllegalArgumentException("no segments defined yet: run rapport segments discover");
            }
            if (store.queryLong("SELECT count(*) FROM (" + seg + ") s WHERE s.segment = ?", segment) == 0) {
                throw new IllegalArgumentException("segment '" + segment + "' has no customers");
            }
            store.stream(cols + "JOIN (" + seg + ") s USING (customer_id) WHERE s.segment = ? AND o.rank = 1 ORDER BY o.customer_id",
                    mapper::map, rows::add, segment);
        }
        return rows;
    }

    /**
     * Draws the challenger's share of the treated customers (seeded like the control group, from the
     * next seed) and gives each of them the challenger's best offer; a customer for whom the challenger
     * has no offer keeps the champion's.
     *
     * @return the policy of every eligible customer (null for the control group)
     */
    private static String[] challenge(RapportStore store, List<Row> eligible, boolean[] control, Challenger challenger, long seed,
            LocalDate today) {
        List<Integer> treated = new ArrayList<>();
        for (int i = 0; i < control.length; i++) {
            if (!control[i]) {
                treated.add(i);
            }
        }
        boolean[] draw = ControlGroup.draw(treated.size(), challenger.share(), seed + 1);
        OfferEngine engine = OfferEngine.load(store, null, challenger.config(), today);
        String[] policy = new String[control.length];
        for (int j = 0; j < treated.size(); j++) {
            int i = treated.get(j);
            policy[i] = "champion";
            if (!draw[j]) {
                continue;
            }
            Row r = eligible.get(i);
            List<Offer> best = engine.offersFor(r.customerId(), 1);
            if (!best.isEmpty()) {
                Offer o = best.get(0);
                eligible.set(i, new Row(r.customerId(), r.email(), r.phone(), r.region(), o.offerId(), o.productId(), o.reason(),
                        o.source(), o.propensity()));
                policy[i] = "challenger";
            }
        }
        return policy;
    }

    private static long write(RapportStore store, Path out, Channel channel, String name, List<Row> eligible, boolean[] control,
            LocalDateTime now) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String[] header = channel == Channel.EMAIL
                ? new String[] {"customer_id", "email", "offer_id", "product_id", "coupon", "reason"}
                : new String[] {"customer_id", "region", "phone", "offer_id", "product_id", "coupon", "reason"};
        long written = 0;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator('\n').setHeader(header).get())) {
            for (int i = 0; i < eligible.size(); i++) {
                if (control[i]) {
                    continue;
                }
                Row r = eligible.get(i);
                String coupon = coupon(name, r.customerId(), r.offerId());
                // every cell is text: neutralised against formula injection (CsvCells)
                if (channel == Channel.EMAIL) {
                    csv.printRecord(safe(r.customerId(), r.email(), r.offerId(), r.productId(), coupon, r.reason()));
                } else {
                    csv.printRecord(safe(r.customerId(), r.region(), r.phone(), r.offerId(), r.productId(), coupon, r.reason()));
                }
                ContactPolicy.recordSent(store, r.customerId(), r.offerId(), r.productId(), name, channel.name().toLowerCase(Locale.ROOT), coupon, now,
                        r.source(), r.propensity());
                written++;
            }
        }
        return written;
    }

    private static java.util.Set<String> optedOut(RapportStore store, OfferConfig config) {
        java.util.Set<String> optedOut = new java.util.HashSet<>();
        if (!config.consentAttributes().isEmpty()) {
            store.stream("SELECT customer_id, lower(trim(name)), lower(trim(value)) FROM customer_attributes",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, r -> {
                        if (config.consentAttributes().contains(r[1]) && OfferData.NO_CONSENT.contains(r[2])) {
                            optedOut.add(r[0]);
                        }
                    });
        }
        return optedOut;
    }

    /** A stable seed from the campaign name (the first 8 bytes of its SHA-256). */
    static long seedOf(String campaign) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(campaign.getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(h).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Object[] safe(String... cells) {
        Object[] out = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = CsvCells.text(cells[i]);
        }
        return out;
    }

    static String segmentSql(RapportStore store) {
        if (OfferData.tableExists(store, "customer_segment") && store.queryLong("SELECT count(*) FROM customer_segment") > 0) {
            return "SELECT customer_id, segment FROM customer_segment";
        }
        if (store.queryLong("SELECT count(acquisition_channel) FROM customers") > 0) {
            return "SELECT customer_id, acquisition_channel AS segment FROM customers";
        }
        if (store.queryLong("SELECT count(region) FROM customers") > 0) {
            return "SELECT customer_id, region AS segment FROM customers";
        }
        return null;
    }

    private static final class RowMapper {
        Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), (Double) rs.getObject(9));
        }
    }

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /**
     * The coupon code of a customer's offer in a campaign.
     *
     * @param campaign the campaign name (the HMAC key)
     * @param customerId the customer
     * @param offerId the offer
     * @return 16 base32 characters in groups of four, e.g. {@code K3QZ-7MBD-2XRA-PLQE}
     */
    public static String coupon(String campaign, String customerId, String offerId) {
        byte[] mac;
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(campaign.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac = m.doFinal((customerId + "|" + offerId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        // 80 bits = 16 base32 digits of 5 bits
        StringBuilder sb = new StringBuilder(19);
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (mac[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (mac[i] & 0xff);
        }
        for (int half = 0; half < 2; half++) {
            long v = half == 0 ? hi : lo;
            for (int j = 7; j >= 0; j--) {
                if (sb.length() == 4 || sb.length() == 9 || sb.length() == 14) {
                    sb.append('-');
                }
                sb.append(BASE32[(int) ((v >>> (5 * j)) & 31)]);
            }
        }
        return sb.toString();
    }
}
