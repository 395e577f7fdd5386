package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.control.ControlClient;
import picocli.CommandLine.Command;

@Command(name = "resume", description = "Sync with a paused member again; it catches up on what changed meanwhile.")
final class ResumeCommand extends MemberCommand {
    @Override
    JsonNode send(ControlClient daemon) throws Exception {
        return daemon.resume(peer);
    }

    @Override
    String done(String member) {
        return "Resumed sync with " + member + ".";
    }
}
