package org.rapport.cli.io;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rapport.pipeline.Progress;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Draws one progress bar per stage on the terminal's stderr (stdout stays clean for JSON) and prints
 * each stage's one-line summary to the command's error stream. Bars are drawn only on an interactive
 * terminal; in scripts, CI and tests only the summaries appear.
 */
public final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private final boolean bars;
    private ProgressBar bar;
    private String stage;

    /**
     * @param err where summaries go
     * @param bars whether to draw bars on System.err
     */
    public ConsoleProgress(PrintWriter err, boolean bars) {
        this.err = err;
        this.bars = bars;
    }

    /**
     * @param spec the running command
     * @return progress for it: bars when attached to a terminal
     */
    public static ConsoleProgress forCommand(CommandSpec spec) {
        return new ConsoleProgress(spec.commandLine().getErr(), System.console() != null);
    }

    @Override
    public synchronized void start(String name, long total) {
        close();
        this.stage = name;
        if (bars) {
            bar = new ProgressBarBuilder().setTaskName(String.format("%-10s", name)).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
    }

    @Override
    public synchronized void advance(long done) {
        if (bar != null) {
            if (done > bar.getMax()) {
                bar.maxHint(done);
            }
            bar.stepTo(done);
        }
    }

    @Override
    public synchronized void finish(String summary) {
        if (bar != null && bar.getMax() > 0) {
            bar.stepTo(bar.getMax());
        }
        close();
        err.println("  " + stage + ": " + summary);
        err.flush();
    }

    /** Closes the last bar, if a stage ended without a summary. */
    public synchronized void done() {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
