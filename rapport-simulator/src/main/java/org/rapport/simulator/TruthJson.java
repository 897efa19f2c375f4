package org.rapport.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code truth.json}: every planted parameter, the conventions that turn the continuous-time
 * processes into rows, and the realised counts. It holds nothing that depends on the thread count or
 * the clock, so two runs with the same options write the same file.
 */
final class TruthJson {
    /** Version of the layout of truth.json; bump when a key changes meaning. */
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TruthJson() {
    }

    static void write(Path file, WorldPlan plan, ChunkStats stats, Map<WorldFile, Long> rows)
            throws IOException {
        MAPPER.writeValue(file.toFile(), tree(plan, stats, rows));
    }

    /** @param stats realised counts, or null to leave out the {@code realized} key @param rows rows per file */
    static ObjectNode tree(WorldPlan plan, ChunkStats stats, Map<WorldFile, Long> rows) {
        WorldOptions o = plan.options;
        PlantedWorld w = plan.world;
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "rapport-simulator truth");
        root.put("formatVersion", FORMAT_VERSION);
        root.put("seed", o.seed());
        root.put("customers", o.customers());
        root.put("prospects", plan.prospects());

        ObjectNode cal = root.putObject("calendar");
        cal.put("start", o.start().toString());
        cal.put("firstPurchaseEnd", o.firstPurchaseEnd().toString());
        cal.put("calibrationEnd", o.calibrationEnd().toString());
        cal.put("end", o.end().toString());
        cal.put("timeUnit", "week");
        cal.put("firstPurchaseWindowWeeks", plan.tWindow);
        cal.put("calibrationWeeksFromStart", plan.tCalibration);
        cal.put("weeksFromStart", plan.tEnd);

        ObjectNode pm = root.putObject("purchaseModel");
        PurchaseFamily family = o.purchaseFamily();
        pm.put("model", family.id());
        double[] params = {o.r(), o.alpha(), o.a(), o.b()};
        for (int i = 0; i < params.length; i++) {
            pm.put(family.parameterNames().get(i), params[i]);
        }
        pm.put("timeUnit", "week");
        pm.put("meanPurchaseRate", o.r() / o.alpha());
        if (family == PurchaseFamily.PNBD) {
            pm.put("meanDropoutRate", o.a() / o.b());
            pm.put("truthDropoutColumn", "customers_truth's dropout_probability holds the customer's dropout rate mu per week");
        } else {
            pm.put("meanDropoutProbability", o.a() / (o.a() + o.b()));
        }

        ObjectNode sm = root.putObject("spendModel");
        sm.put("model", "gamma-gamma");
        sm.put("p", o.p());
        sm.put("q", o.q());
        sm.put("gamma", o.gamma());
        sm.put("meanOrderValue", o.p() * o.gamma() / (o.q() - 1));

        ObjectNode conv = root.putObject("conventions");
        conv.put("time", "a purchase at t weeks after the start falls on the date start + floor(7 t) days");
        conv.put("orderId", "customer_id * " + WorldPlan.ORDER_ID_BASE + " + n for the customer's n-th order (n = 1: "
                + "the first purchase)");
        conv.put("sameDayOrders", "two purchases of one customer on one date stay two orders with their own "
                + "order_id; a summary counting distinct dates sees fewer repeat purchases (realized.sameDayOrders)");
        conv.put("lineAmounts", "an order's Gamma-Gamma amount, rounded to cents (at least one cent per line), "
                + "split over its lines in proportion to list price times quantity; amount is not price * quantity");
        conv.put("chunkSize", WorldPlan.CHUNK_SIZE);
        conv.put("households", "consecutive customer ids; household_id is the head's customer_id; the second "
                + "member is the head's partner, later members family");

        root.set("needs", MAPPER.valueToTree(w.needs()));
        root.put("needSd", w.needSd());
        ArrayNode segs = root.putArray("segments");
        for (int k = 0; k < w.segments().size(); k++) {
            ObjectNode s = MAPPER.valueToTree(w.segments().get(k));
            ArrayNode exp = s.putArray("expectedAnswers");
            for (int n = 0; n < w.needs().size(); n++) {
                exp.add(w.expectedAnswer(k, n));
            }
            segs.add(s);
        }
        Catalog cat = w.catalog();
        root.set("categories", MAPPER.valueToTree(cat.categories()));
        root.set("brands", MAPPER.valueToTree(cat.brands()));
        root.set("productLines", MAPPER.valueToTree(cat.lines()));
        root.set("upgradePaths", MAPPER.valueToTree(cat.upgradePaths()));
        root.set("coPurchases", MAPPER.valueToTree(cat.coPurchases()));
        root.set("trustedCircle", MAPPER.valueToTree(w.trustedCircle()));
        root.set("lifeEvents", MAPPER.valueToTree(w.lifeEvents()));
        root.set("touchpoints", MAPPER.valueToTree(w.touchpoints()));
        root.set("ratingShares", MAPPER.valueToTree(w.ratingShares()));
        root.set("ratingCuts", MAPPER.valueToTree(w.ratingCuts()));
        root.put("interactionsPerWeek", w.interactionsPerWeek());
        root.put("feedbackPerWeek", w.feedbackPerWeek());
        root.set("feedbackTopics", MAPPER.valueToTree(w.feedbackTopics()));
        ObjectNode wallet = MAPPER.valueToTree(w.wallet());
        wallet.put("definition", "W = max(F, S / maxShare), S = weeksPerYear * lambda * p / nu, log F = log(median) "
                + "+ segment.walletEffect + region.walletEffect + householdEffect * (householdSize - 1) "
                + "- ageCurvature * (age - 45)^2 + sigma * (spendLink * zS + sqrt(1 - spendLink^2) * N(0,1)), "
                + "zS = (Phi^-1(F_gamma(r, alpha)(lambda)) - Phi^-1(F_gamma(q, gamma)(nu))) / sqrt(2)");
        wallet.put("weeksPerYear", WorldPlan.WEEKS_PER_YEAR);
        wallet.put("surveyFraction", o.surveyFraction());
        root.set("wallet", wallet);
        root.set("regions", MAPPER.valueToTree(w.regions()));
        root.set("acquisitionChannels", MAPPER.valueToTree(w.acquisitionChannels()));
        root.set("orderChannels", MAPPER.valueToTree(w.orderChannels()));
        root.put("preferredChannelProbability", w.preferredChannelProbability());
        root.put("categoryConcentration", w.categoryConcentration());
        root.put("basketExtraMean", w.basketExtraMean());
        root.put("maxRegularLines", WorldPlan.MAX_REGULAR_LINES);
        root.put("ageSd", w.ageSd());
        root.set("householdSizes", MAPPER.valueToTree(w.householdSizes()));
        ObjectNode pros = root.putObject("prospectModel");
        pros.put("perCustomer", o.prospectsPerCustomer());
        pros.put("probabilityConcentration", WorldPlan.PROSPECT_CONCENTRATION);
        pros.put("costLogSd", WorldPlan.PROSPECT_COST_SIGMA);

        if (stats == null) {
            return root;
        }
        ObjectNode real = root.putObject("realized");
        real.put("orders", stats.orders);
        real.put("orderLines", stats.lines);
        real.put("sameDayOrders", stats.sameDayOrders);
        real.put("interactions", stats.interactions);
        real.put("customersAliveAtEnd", stats.aliveAtEnd);
        ObjectNode rowNode = real.putObject("rows");
        for (WorldFile f : WorldFile.values()) {
            rowNode.put(f.fileName(), rows.getOrDefault(f, 0L));
        }
        return root;
    }
}
