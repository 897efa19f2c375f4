package org.rapport.cli.io;

import java.util.Locale;
import org.rapport.pipeline.Progress;
import org.rapport.store.ingest.IngestProgress;

/** Adapts the store's ingest progress (stages with fractions) to a pipeline {@link Progress} bar. */
public final class IngestBar implements IngestProgress {
    private final Progress progress;
    private Stage stage;

    /** @param progress where to draw */
    public IngestBar(Progress progress) {
        this.progress = progress;
    }

    @Override
    public synchronized void update(Stage s, double fraction, long rows) {
        if (s == Stage.DONE) {
            return;
        }
        if (s != stage) {
            stage = s;
            progress.start(s.name().toLowerCase(Locale.ROOT), 1000);
        }
        if (!Double.isNaN(fraction)) {
            progress.advance(Math.round(1000 * Math.min(1, fraction)));
        }
    }
}
