package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.control.ControlClient;
import picocli.CommandLine.Command;

@Command(name = "pause", description = {"Stop syncing with a member (no pulls, pushes or exchanges) until 'tidemark resume'.",
        "The pause is kept across restarts; the connection stays up."})
final class PauseCommand extends MemberCommand {
    @Override
    JsonNode send(ControlClient daemon) throws Exception {
        return daemon.pause(peer);
    }

    @Override
    String done(String member) {
        return "Paused sync with " + member + " until 'tidemark resume " + peer + "'.";
    }
}
