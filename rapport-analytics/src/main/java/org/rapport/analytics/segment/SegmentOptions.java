package org.rapport.analytics.segment;

/**
 * Settings of {@link SegmentAnalysis#run}.
 *
 * @param discovery the clustering settings
 * @param rediscover cluster again even if discovered segments exist
 */
public record SegmentOptions(SegmentDiscovery.Options discovery, boolean rediscover) {
    /** @return default discovery; cluster only when no discovered segments exist yet */
    public static SegmentOptions defaults() {
        return new SegmentOptions(SegmentDiscovery.Options.defaults(), false);
    }

    /** @param k forced number of clusters, or 0 to choose by silhouette @return a copy that rediscovers */
    public SegmentOptions withK(int k) {
        return new SegmentOptions(discovery.withK(k), true);
    }

    /** @param again whether to cluster again @return a copy */
    public SegmentOptions withRediscover(boolean again) {
        return new SegmentOptions(discovery, again);
    }

    /** @param d the discovery settings @return a copy */
    public SegmentOptions withDiscovery(SegmentDiscovery.Options d) {
        return new SegmentOptions(d, rediscover);
    }
}
