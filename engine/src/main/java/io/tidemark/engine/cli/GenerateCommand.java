package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.index.GenerateOptions;
import io.tidemark.engine.index.GenerateReport;
import io.tidemark.engine.index.LibraryGenerator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "generate", description = {
        "Add a deterministic synthetic data set owned by this device, for tests, demos and benchmarks.",
        "The same seed gives the same trees, names, sizes and times; every run adds new records."})
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--locations", paramLabel = "N", defaultValue = "0",
            description = "New locations to add (default: none; the entries go into existing locations, or one new one).")
    int locations;

    @Option(names = "--entries", paramLabel = "M", defaultValue = "0",
            description = "Entry records to add, directories (and each new location's root) included.")
    long entries;

    @Option(names = "--tags", paramLabel = "K", defaultValue = "0", description = "Tags to add, assigned to some of the content.")
    int tags;

    @Option(names = "--collections", paramLabel = "K", defaultValue = "0", description = "Collections to add, with items.")
    int collections;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the shapes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        GenerateOptions options = new GenerateOptions(locations, entries, tags, collections, seed);
        GenerateReport r;
        try (Engine engine = Engine.open(cli.home())) {
            r = new LibraryGenerator(engine.library()).generate(options);
        }
        cli.spec.commandLine().getOut().printf(
                "Generated in %.1f s: %,d locations, %,d entries (%,d directories, %,d files), %,d content identities,"
                        + " %,d tags (%,d assignments), %,d collections (%,d items)%n",
                r.took().toMillis() / 1000.0, r.locations(), r.entries(), r.directories(), r.files(), r.contentIdentities(),
                r.tags(), r.tagAssignments(), r.collections(), r.collectionItems());
        return 0;
    }
}
