package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a script sees it: exit codes, stdout, and one-line errors on stderr. */
class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String home() {
        return dir.resolve("home").toString();
    }

    private static void assertOneLineError(Result r) {
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(r.err()).startsWith("tidemark: ");
    }

    @Test
    void initStatusJsonAndDoctor() throws Exception {
        Result init = run("--home", home(), "init", "--name", "laptop");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("laptop");

        Result status = run("--home", home(), "status", "--json");
        assertThat(status.code()).as(status.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertThat(json.at("/device/name").asText()).isEqualTo("laptop");
        // The device id is the SHA-256 of this device's certificate, in the grouped form people see.
        assertThat(io.tidemark.engine.identity.DeviceId.parse(json.at("/device/id").asText()).toString())
                .isEqualTo(json.at("/device/id").asText());
        assertThat(json.at("/device/uuid").asText()).hasSize(36);
        assertThat(json.at("/library/id").asText()).hasSize(36);
        assertThat(json.at("/library/name").asText()).isEqualTo("laptop's library");
        assertThat(json.get("peers").isArray()).isTrue();
        assertThat(json.get("counts")).hasSize(1);
        assertThat(json.at("/counts/0/type").asText()).isEqualTo("device");
        assertThat(json.at("/counts/0/owner").asText()).isEqualTo(json.at("/device/id").asText());
        assertThat(json.at("/counts/0/count").asLong()).isEqualTo(1);

        Result doctor = run("--home", home(), "doctor");
        assertThat(doctor.code()).as(doctor.out()).isZero();
        assertThat(doctor.out()).contains("No problems found.");
    }

    @Test
    void indexCountsEveryFileAndDirectory() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos/2024/summer"));
        Files.writeString(folder.resolve("a.jpg"), "a");
        Files.writeString(folder.resolve("b.jpg"), "b");
        Files.writeString(dir.resolve("photos/readme.txt"), "hello");
        assertThat(run("--home", home(), "init").code()).isZero();

        Result index = run("--home", home(), "index", dir.resolve("photos").toString());
        assertThat(index.code()).as(index.err()).isZero();
        assertThat(index.out()).contains("6 added");

        JsonNode json = new ObjectMapper().readTree(run("--home", home(), "status", "--json").out());
        assertThat(countOf(json, "entry")).isEqualTo(6); // photos, 2024, summer, a.jpg, b.jpg, readme.txt
        assertThat(countOf(json, "location")).isEqualTo(1);
        assertThat(countOf(json, "volume")).isEqualTo(1);
        assertThat(countOf(json, "content_identity")).isEqualTo(3);
        assertThat(run("--home", home(), "doctor").code()).isZero();
    }

    @Test
    void removeTakesAFolderThenTheLocationOutOfTheLibraryButNotOffTheDisk() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos/2024/summer"));
        Files.writeString(folder.resolve("a.jpg"), "a");
        Files.writeString(folder.resolve("b.jpg"), "b");
        Files.writeString(dir.resolve("photos/readme.txt"), "hello");
        assertThat(run("--home", home(), "init").code()).isZero();
        assertThat(run("--home", home(), "index", dir.resolve("photos").toString()).code()).isZero();
        String photos = dir.resolve("photos").toRealPath().toString();

        Result sub = run("--home", home(), "remove", dir.resolve("photos/2024").toString());
        assertThat(sub.code()).as(sub.err()).isZero();
        assertThat(sub.out().strip()).isEqualTo("Removed " + Path.of(photos, "2024") + " (in location " + photos + "): 4 entries");
        JsonNode json = new ObjectMapper().readTree(run("--home", home(), "status", "--json").out());
        assertThat(countOf(json, "entry")).isEqualTo(2); // photos, readme.txt

        Result again = run("--home", home(), "remove", dir.resolve("photos/2024").toString());
        assertOneLineError(again);
        assertThat(again.err()).contains("is inside the location " + photos).contains("nothing was removed");

        Result location = run("--home", home(), "remove", dir.resolve("photos").toString());
        assertThat(location.code()).as(location.err()).isZero();
        assertThat(location.out().strip()).isEqualTo("Removed location " + photos + ": 1 location and 2 entries");
        json = new ObjectMapper().readTree(run("--home", home(), "status", "--json").out());
        assertThat(countOf(json, "entry")).isZero();
        assertThat(countOf(json, "location")).isZero();

        Result outside = run("--home", home(), "remove", dir.resolve("photos").toString());
        assertOneLineError(outside);
        assertThat(outside.err()).contains("is not an indexed location or inside one");
        assertThat(folder.resolve("a.jpg")).exists();
        Result doctor = run("--home", home(), "doctor");
        assertThat(doctor.code()).as(doctor.out()).isZero();
    }

    @Test
    void generateAddsExactlyWhatWasAskedTwice() throws Exception {
        assertThat(run("--home", home(), "init").code()).isZero();
        Result first = run("--home", home(), "generate", "--entries", "1234", "--locations", "3", "--tags", "4", "--collections", "2", "--seed", "9");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(run("--home", home(), "generate", "--entries", "1234", "--locations", "3", "--seed", "9").code()).isZero();
        assertThat(run("--home", home(), "generate", "--entries", "10").code()).isZero();

        JsonNode json = new ObjectMapper().readTree(run("--home", home(), "status", "--json").out());
        assertThat(countOf(json, "entry")).isEqualTo(2 * 1234 + 10);
        assertThat(countOf(json, "location")).isEqualTo(6);
        assertThat(countOf(json, "tag")).isEqualTo(4);
        assertThat(countOf(json, "collection")).isEqualTo(2);
        Result doctor = run("--home", home(), "doctor");
        assertThat(doctor.code()).as(doctor.out()).isZero();
    }

    private static long countOf(JsonNode status, String type) {
        long n = 0;
        for (JsonNode c : status.get("counts")) {
            if (c.get("type").asText().equals(type)) {
                n += c.get("count").asLong();
            }
        }
        return n;
    }

    @Test
    void missingHomeIsOneLine() {
        Result r = run("--home", home(), "status");
        assertOneLineError(r);
        assertThat(r.err()).contains("No Tidemark library").contains("tidemark init");
        assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    void unknownFlagIsUsageError() {
        Result r = run("--home", home(), "status", "--frobnicate");
        assertThat(r.code()).isEqualTo(TidemarkCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("tidemark: Unknown option: '--frobnicate'");
    }

    @Test
    void corruptLibraryIsOneLineAndUntouched() throws Exception {
        Files.createDirectories(dir.resolve("home"));
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        Path db = dir.resolve("home/library.db");
        Files.write(db, garbage);
        Result r = run("--home", home(), "status", "--json");
        assertOneLineError(r);
        assertThat(r.err()).contains("not a database");
        assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void initTwiceIsRefused() {
        assertThat(run("--home", home(), "init").code()).isZero();
        Result again = run("--home", home(), "init");
        assertOneLineError(again);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void indexOfAMissingFolderIsOneLine() {
        assertThat(run("--home", home(), "init").code()).isZero();
        Result r = run("--home", home(), "index", dir.resolve("nope").toString());
        assertOneLineError(r);
        assertThat(r.err()).contains("Not a folder");
    }

    /**
     * Tags from the command line: each change is one shared change with this device as its origin,
     * which the shared-log tailer then finds; wrong input is one line on stderr and changes nothing.
     */
    @Test
    void tagsAreAddedRenamedListedAndRemovedWithTheirAssignments() throws Exception {
        assertThat(run("--home", home(), "init", "--name", "laptop").code()).isZero();
        Result list = run("--home", home(), "tag", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("No tags yet");

        Result add = run("--home", home(), "tag", "add", "holiday", "--color", "#FF8800");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).startsWith("Added tag \"holiday\"");
        assertThat(run("--home", home(), "tag", "add", "work").code()).isZero();

        Result duplicate = run("--home", home(), "tag", "add", "holiday");
        assertOneLineError(duplicate);
        assertThat(duplicate.err()).contains("A tag named \"holiday\" already exists");
        Result badColor = run("--home", home(), "tag", "add", "red", "--color", "red");
        assertOneLineError(badColor);
        assertThat(badColor.err()).contains("Not a colour: red");
        assertOneLineError(run("--home", home(), "tag", "add", "  "));
        assertOneLineError(run("--home", home(), "tag", "rename", "nope", "x"));
        assertOneLineError(run("--home", home(), "tag", "rename", "work", "holiday"));

        Result rename = run("--home", home(), "tag", "rename", "holiday", "holidays");
        assertThat(rename.code()).as(rename.err()).isZero();
        assertThat(rename.out()).contains("Renamed \"holiday\" to \"holidays\"");

        // Tag some content, as the app would: two assignments of "holidays".
        java.util.UUID tagged;
        try (io.tidemark.engine.api.Engine engine = io.tidemark.engine.api.Engine.open(new io.tidemark.engine.api.Home(dir.resolve("home")))) {
            io.tidemark.engine.api.TagActions.Tag holidays = new io.tidemark.engine.api.TagActions(engine.library()).list().get(0);
            tagged = holidays.uuid();
            engine.library().writeLocal(tx -> {
                for (int i = 0; i < 2; i++) {
                    java.util.UUID content = io.tidemark.engine.model.Ids.newId();
                    tx.putShared(new io.tidemark.engine.model.ContentIdentityRecord(content, 0, new byte[] {(byte) i}, i));
                    tx.putShared(new io.tidemark.engine.model.TagAssignmentRecord(
                            io.tidemark.engine.model.Ids.derived("tag", tagged, content), 0, tagged, content));
                }
                return null;
            });
        }
        list = run("--home", home(), "tag", "list");
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out().lines().skip(1).toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("holidays").contains("#FF8800").contains(" 2  " + tagged),
                l -> assertThat(l).startsWith("work").contains(" - ").contains(" 0  "));

        Result remove = run("--home", home(), "tag", "remove", "holidays");
        assertThat(remove.code()).as(remove.err()).isZero();
        assertThat(remove.out()).contains("Removed tag \"holidays\" and its 2 assignments.");
        list = run("--home", home(), "tag", "list");
        assertThat(list.out().lines().skip(1).toList()).singleElement().asString().startsWith("work");
        JsonNode json = new ObjectMapper().readTree(run("--home", home(), "status", "--json").out());
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        json.get("counts").forEach(c -> counts.put(c.get("type").asText(), c.get("count").asLong()));
        assertThat(counts).containsEntry("tag", 1L).containsEntry("content_identity", 2L).doesNotContainKey("tag_assignment");
        assertThat(run("--home", home(), "doctor").code()).isZero();
    }
}
