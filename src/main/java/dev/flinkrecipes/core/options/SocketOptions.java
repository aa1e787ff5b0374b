package dev.flinkrecipes.core.options;

import picocli.CommandLine.Option;

/** {@code --source socket}: where the text lines come from. */
public final class SocketOptions implements OptionSection {
    @Option(names = "--socket-host", description = "Socket source host. Default: ${DEFAULT-VALUE}.")
    public String socketHost = "localhost";

    @Option(names = "--socket-port", description = "Socket source port. Default: ${DEFAULT-VALUE}.")
    public int socketPort = 9999;

    @Override
    public String heading() {
        return "Input";
    }
}
