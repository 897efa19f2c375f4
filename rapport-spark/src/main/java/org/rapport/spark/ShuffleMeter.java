package org.rapport.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the shuffle bytes and records written by each stage of the job, attributed through Spark's
 * job group (the job sets the group to the stage's name), for analysis.json and docs/scaling.md.
 */
final class ShuffleMeter extends SparkListener {
    private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
    private final Map<String, AtomicLongArray> written = new ConcurrentHashMap<>();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String g = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
        groupOfStage.put(e.stageInfo().stageId(), g == null ? "other" : g);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        TaskMetrics m = e.taskMetrics();
        if (m == null) {
            return;
        }
        String g = groupOfStage.getOrDefault(e.stageId(), "other");
        AtomicLongArray a = written.computeIfAbsent(g, k -> new AtomicLongArray(2));
        a.addAndGet(0, m.shuffleWriteMetrics().bytesWritten());
        a.addAndGet(1, m.shuffleWriteMetrics().recordsWritten());
    }

    /** @return stage name to {bytes, records} of shuffle written, for stages that wrote any */
    Map<String, long[]> snapshot() {
        Map<String, long[]> out = new LinkedHashMap<>();
        written.forEach((k, v) -> {
            if (v.get(0) > 0) {
                out.put(k, new long[] {v.get(0), v.get(1)});
            }
        });
        return out;
    }
}
