package org.rapport.analytics.frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapport.analytics.frame.CustomerFrame.Keyed;
/** Builds an in-memory frame ({@link CustomerFrame#builder}). */
public final class FrameBuilder {
    private final String[] ids;
    private final Map<String, Object> columns = new HashMap<>();
    private final Map<String, double[]> needs = new LinkedHashMap<>();

    FrameBuilder(String[] ids) {
        this.ids = ids;
    }

    /**
     * @param field a base or optional numeric field
     * @param values one per customer, NaN for missing
     * @return this
     */
    public FrameBuilder number(String field, double... values) {
        columns.put(field, check(values.clone(), values.length));
        return this;
    }

    /**
     * @param field a base or optional text field
     * @param values one per customer, null for missing
     * @return this
     */
    public FrameBuilder text(String field, String... values) {
        check(values, values.length);
        columns.put(field, TextColumn.of(values));
        return this;
    }

    /**
     * @param kind what the column is keyed by
     * @param key its key
     * @param values one per customer, NaN for missing
     * @return this
     */
    public FrameBuilder keyed(Keyed kind, String key, double... values) {
        check(values, values.length);
        columns.put(kind + ":" + key, values.clone());
        if (kind == Keyed.NEED) {
            needs.put(key, values.clone());
        }
        return this;
    }

    /**
     * @param key an attribute name
     * @param values one per customer, null for missing
     * @return this
     */
    public FrameBuilder attribute(String key, String... values) {
        check(values, values.length);
        columns.put(Keyed.ATTRIBUTE_TEXT + ":" + key, TextColumn.of(values));
        double[] num = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            num[i] = CustomerFrame.parse(values[i]);
        }
        columns.put(Keyed.ATTRIBUTE_NUMBER + ":" + key, num);
        return this;
    }

    private <T> T check(T values, int length) {
        if (length != ids.length) {
            throw new IllegalArgumentException("a column needs " + ids.length + " values, got " + length);
        }
        return values;
    }

    /** @return the frame */
    public CustomerFrame build() {
        List<String> needNames = new ArrayList<>(needs.keySet());
        needNames.sort(null);
        Map<String, double[]> allNeeds = new LinkedHashMap<>();
        needNames.forEach(k -> allNeeds.put(k, needs.get(k)));
        CustomerFrame.Loader loader = new CustomerFrame.Loader() {
            @Override
            public Object keyed(Keyed kind, String key, int n) {
                return kind == Keyed.ATTRIBUTE_TEXT ? TextColumn.missing(n) : CustomerFrame.nan(n);
            }

            @Override
            public Object optional(String field, int n) {
                return CustomerFrame.OPTIONAL_TEXT_FIELDS.containsKey(field) ? TextColumn.missing(n) : CustomerFrame.nan(n);
            }

            @Override
            public Map<String, double[]> allNeeds(int n) {
                return allNeeds;
            }

            @Override
            public String[] ids(int n) {
                return ids;
            }
        };
        return new CustomerFrame(ids.length, ids, columns, loader);
    }
}
