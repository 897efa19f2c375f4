package org.rapport.cli.command;

/** Opens {@link ServeCommand}'s package-private helpers to the CLI's tests in other packages. */
public final class ServeCommandAccess {
    private ServeCommandAccess() {
    }

    /** @param host interface @param port port @param pid process @return {@link ServeCommand#holder} */
    public static String holder(String host, int port, long pid) {
        return ServeCommand.holder(host, port, pid);
    }
}
