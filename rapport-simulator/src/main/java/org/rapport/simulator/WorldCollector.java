package org.rapport.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds {@link World} records from the generator's rows. */
final class WorldCollector implements RowSink {
    private final PlantedWorld w;
    private final List<String> productIds;
    final List<World.Customer> customers = new ArrayList<>();
    final List<World.Transaction> transactions = new ArrayList<>();
    final List<World.LifeEvent> lifeEvents = new ArrayList<>();
    final List<World.Interaction> interactions = new ArrayList<>();
    final List<World.Feedback> feedback = new ArrayList<>();
    final List<World.HouseholdLink> links = new ArrayList<>();
    final List<World.Prospect> prospects = new ArrayList<>();
    final List<World.CustomerTruth> truth = new ArrayList<>();

    WorldCollector(PlantedWorld w) {
        this.w = w;
        this.productIds = w.catalog().products().stream().map(Catalog.Product::id).toList();
    }

    World build(WorldOptions o) {
        return new World(o, w.catalog().products(), List.copyOf(customers), List.copyOf(transactions),
                List.copyOf(lifeEvents), List.copyOf(interactions), List.copyOf(feedback), List.copyOf(links),
                List.copyOf(prospects), List.copyOf(truth));
    }

    private static LocalDate date(int day) {
        return LocalDate.ofEpochDay(day);
    }

    @Override
    public void transaction(long customerId, int day, long cents, long orderId, int product, int quantity,
                            int channel) {
        transactions.add(new World.Transaction(customerId, date(day), cents / 100.0, orderId, productIds.get(product),
                quantity, w.orderChannels().get(channel)));
    }

    @Override
    public void customer(long customerId, int birthDay, int region, long householdId, int acquisitionChannel,
                         int acquisitionDay, long surveyWalletCents, int[] needs) {
        List<Integer> n = new ArrayList<>(needs.length);
        for (int v : needs) {
            n.add(v);
        }
        customers.add(new World.Customer(customerId, "customer" + customerId + "@example.com",
                String.format(java.util.Locale.ROOT, "+1555%07d", customerId % 10_000_000), date(birthDay), w.regions().get(region).name(),
                householdId, w.acquisitionChannels().get(acquisitionChannel).name(), date(acquisitionDay),
                surveyWalletCents == NO_WALLET ? OptionalDouble.empty() : OptionalDouble.of(surveyWalletCents / 100.0),
                List.copyOf(n)));
    }

    @Override
    public void lifeEvent(long customerId, int day, int type) {
        lifeEvents.add(new World.LifeEvent(customerId, date(day), w.lifeEvents().get(type).type()));
    }

    @Override
    public void interaction(long customerId, int day, int touchpoint, int rating) {
        interactions.add(new World.Interaction(customerId, date(day), w.touchpoints().get(touchpoint).name(), rating));
    }

    @Override
    public void feedback(long customerId, int day, int topic, int text, int rating) {
        PlantedWorld.FeedbackTopic t = w.feedbackTopics().get(topic);
        feedback.add(new World.Feedback(customerId, date(day), t.name(), t.texts().get(text), rating));
    }

    @Override
    public void householdLink(long customerId, long relatedCustomerId, int relation) {
        links.add(new World.HouseholdLink(customerId, relatedCustomerId, relation == 0 ? "partner" : "family"));
    }

    @Override
    public void truth(CustomerTruthRow t) {
        // The values as truth_customers.csv holds them: 10 significant digits.
        truth.add(new World.CustomerTruth(t.customerId, w.segments().get(t.segment).name(),
                ByteBuf.significant(t.lambda), ByteBuf.significant(t.dropoutProbability), ByteBuf.significant(t.nu),
                ByteBuf.significant(t.expectedOrderValue), ByteBuf.significant(t.trueWallet),
                ByteBuf.significant(t.trueShare), t.aliveAtCalibrationEnd,
                t.aliveAtEnd, t.dropoutDay == NO_DAY ? Optional.empty() : Optional.of(date(t.dropoutDay)),
                t.ordersCalibration, t.ordersHoldout));
    }

    @Override
    public void prospect(long prospectId, int channel, int region, int segment, long probability, long costCents) {
        prospects.add(new World.Prospect(prospectId, w.acquisitionChannels().get(channel).name(),
                w.regions().get(region).name(), w.segments().get(segment).name(), probability / 10_000.0,
                costCents / 100.0));
    }
}
