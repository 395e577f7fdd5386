package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.control.ControlClient;
import picocli.CommandLine.Command;

@Command(name = "catch-up", description = {"Exchange watermarks with a member now and fetch whatever this device is behind on.",
        "Sync does this by itself on every connection and change; this is for when you do not want to wait."})
final class CatchUpCommand extends MemberCommand {
    @Override
    JsonNode send(ControlClient daemon) throws Exception {
        return daemon.catchUp(peer);
    }

    @Override
    String done(String member) {
        return "Catching up with " + member + ". Follow it with 'tidemark status' or 'tidemark wait-for-sync --peer " + peer + "'.";
    }
}
