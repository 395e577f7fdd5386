package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.TagActions;
import io.tidemark.engine.model.Counted;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tidemark tag add|rename|remove|list}: change the library's tags. The change is written to
 * library.db at once; members receive it through the shared change log (a running daemon picks up
 * changes made by this command the same way as its own).
 */
@Command(name = "tag", description = "Add, rename, remove and list the library's tags (shared with every member).",
        subcommands = {TagCommand.Add.class, TagCommand.Rename.class, TagCommand.Remove.class, TagCommand.ListTags.class})
final class TagCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    <T> T withTags(Function<TagActions, T> action) {
        try (Engine engine = Engine.open(cli.home())) {
            return action.apply(new TagActions(engine.library()));
        }
    }

    PrintWriter out() {
        return cli.spec.commandLine().getOut();
    }

    @Command(name = "add", description = "Create a tag.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TagCommand tag;

        @Parameters(paramLabel = "NAME", description = "The new tag's name.")
        String name;

        @Option(names = "--color", paramLabel = "COLOR", description = "Its colour, #rgb or #rrggbb.")
        String color;

        @Override
        public Integer call() {
            TagActions.Tag t = tag.withTags(tags -> tags.add(name, color));
            tag.out().printf("Added tag \"%s\" (%s).%n", t.name(), t.uuid());
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a tag; its colour and assignments stay.")
    static final class Rename implements Callable<Integer> {
        @ParentCommand
        TagCommand tag;

        @Parameters(index = "0", paramLabel = "OLD", description = "The tag's current name (or its id).")
        String old;

        @Parameters(index = "1", paramLabel = "NEW", description = "Its new name.")
        String name;

        @Override
        public Integer call() {
            TagActions.Tag t = tag.withTags(tags -> tags.rename(old, name));
            tag.out().printf("Renamed \"%s\" to \"%s\".%n", old, t.name());
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a tag and every assignment of it.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        TagCommand tag;

        @Parameters(paramLabel = "NAME", description = "The tag's name (or its id).")
        String name;

        @Override
        public Integer call() {
            TagActions.Tag t = tag.withTags(tags -> tags.remove(name));
            tag.out().printf("Removed tag \"%s\" and its %s.%n", t.name(), Counted.of(t.assignments(), "assignment", "assignments"));
            return 0;
        }
    }

    @Command(name = "list", description = "List the tags, by name.")
    static final class ListTags implements Callable<Integer> {
        @ParentCommand
        TagCommand tag;

        @Override
        public Integer call() {
            List<TagActions.Tag> all = tag.withTags(TagActions::list);
            PrintWriter out = tag.out();
            if (all.isEmpty()) {
                out.println("No tags yet. Add one with 'tidemark tag add NAME'.");
                return 0;
            }
            out.printf("%-32s %-8s %11s  %s%n", "NAME", "COLOR", "ASSIGNMENTS", "ID");
            for (TagActions.Tag t : all) {
                out.printf("%-32s %-8s %,11d  %s%n", t.name(), t.color() == null ? "-" : t.color(), t.assignments(), t.uuid());
            }
            return 0;
        }
    }
}
