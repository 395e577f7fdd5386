package io.tidemark.engine.cli;

import io.tidemark.engine.api.Doctor;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.store.library.LibraryChecks.Finding;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "doctor", description = "Check the library's files (integrity, references, counts against paging, watermarks) and the clocks:"
        + " this device's saved clock and jumps, and members' clocks as last measured.")
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Override
    public Integer call() {
        List<Finding> findings;
        try (Engine engine = Engine.open(cli.home())) {
            findings = Doctor.examine(engine);
        }
        PrintWriter out = cli.spec.commandLine().getOut();
        long problems = findings.stream().filter(f -> !f.ok()).count();
        for (Finding f : findings) {
            out.printf("%-8s %s: %s%n", f.ok() ? "ok" : "PROBLEM", f.check(), f.detail());
        }
        out.println(problems == 0 ? "No problems found." : Counted.of(problems, "problem", "problems") + " found.");
        return problems == 0 ? 0 : TidemarkCli.EXIT_FAILURE;
    }
}
