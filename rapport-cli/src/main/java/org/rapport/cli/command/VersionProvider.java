package org.rapport.cli.command;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"rapport " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("os.arch") + ")"};
    }
}
