package io.tidemark.engine.cli;

import java.net.InetSocketAddress;

/** HOST:PORT arguments, with the error a person can act on. */
final class NetworkArgs {
    private NetworkArgs() {
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                if (port >= 0 && port <= 65_535) {
                    return new InetSocketAddress(host, port);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TidemarkCli.UserException("Not a HOST:PORT address: " + hostPort);
    }
}
