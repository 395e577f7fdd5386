package io.tidemark.app;

import static io.tidemark.app.testing.PeerSnapshots.NAS_ERROR;
import static io.tidemark.app.testing.PeerSnapshots.NAS_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.BackgroundExecutor;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.devices.DevicesView;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.app.testing.PeerSnapshots;
import io.tidemark.engine.api.EngineSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The devices sidebar over a fake snapshot: members with their state, nearby devices, forgetting. */
@ExtendWith(ApplicationExtension.class)
class DevicesUiTest {
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final FakePeerActions peers = new FakePeerActions();
    private final BackgroundExecutor background = new BackgroundExecutor("devices-test");
    private final EngineSnapshot snapshot = PeerSnapshots.twoMembersOneNearby(Instant.now());
    private MainView view;

    @Start
    void start(Stage stage) {
        Theme.apply();
        view = new MainView(() -> snapshot,
                (folder, listener) -> CompletableFuture.failedFuture(new IllegalStateException("no indexing here")),
                peers, background::run, i18n, owner -> Optional.empty());
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
        background.shutdown(1_000);
    }

    /** Each member row's texts: name, state, RTT (or null) and error (or null), top to bottom. */
    private static List<List<String>> memberTexts(FxRobot robot) throws Exception {
        VBox list = robot.lookup("#" + DevicesView.MEMBERS_ID).queryAs(VBox.class);
        return WaitForAsyncUtils.asyncFx(() -> {
            List<List<String>> rows = new ArrayList<>();
            for (Node row : list.getChildren()) {
                List<String> texts = new ArrayList<>();
                for (String part : List.of(DevicesView.MEMBER_NAME, DevicesView.MEMBER_STATE, DevicesView.MEMBER_RTT,
                        DevicesView.MEMBER_ERROR)) {
                    Node label = row.lookup("." + part);
                    texts.add(label instanceof Label l && l.isVisible() ? l.getText() : null);
                }
                rows.add(texts);
            }
            return rows;
        }).get(5, TimeUnit.SECONDS);
    }

    private static Node memberRow(FxRobot robot, int index) {
        return robot.lookup("#" + DevicesView.MEMBERS_ID).queryAs(VBox.class).getChildren().get(index);
    }

    @Test
    void showsMembersWithStateRttAndErrorAndTheNearbyDevice(FxRobot robot) throws Exception {
        assertThat(memberTexts(robot)).containsExactly(
                Arrays.asList("laptop", "Connected", "RTT 12 ms", null),
                Arrays.asList("nas", "Offline for 5 min", null, NAS_ERROR));
        assertThat(robot.lookup("RTT 12 ms").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("#" + DevicesView.SELF_NAME_ID).queryLabeled().getText()).isEqualTo("workstation");
        assertThat(robot.lookup("#" + DevicesView.SELF_ID_ID).queryLabeled().getText()).isEqualTo("0192");
        assertThat(robot.lookup("ORSXG5A").queryLabeled().getTooltip().getText()).isEqualTo(PeerSnapshots.NEARBY_ID);
        assertThat(robot.lookup("192.168.1.44:22000, [fe80::1]:22000").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("NBSWY3D").queryLabeled().getTooltip().getText()).isEqualTo(NAS_ID);
    }

    @Test
    void forgetAsksForConfirmationAndForgetsOnlyAfterOk(FxRobot robot) throws Exception {
        Node nas = memberRow(robot, 1);
        robot.clickOn(robot.from(nas).lookup("." + DevicesView.FORGET_BUTTON).queryButton());
        DialogPane confirmation = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(confirmation.getHeaderText()).isEqualTo("Forget nas?");
        assertThat(peers.forgotten).as("nothing is forgotten before OK").isEmpty();

        robot.clickOn(robot.lookup("#" + DevicesView.CONFIRM_FORGET_ID).queryButton());
        Label status = robot.lookup("#" + DevicesView.STATUS_ID).queryAs(Label.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "Forgot nas.".equals(status.getText()));
        assertThat(peers.forgotten).containsExactly(NAS_ID);
    }

    @Test
    void cancellingTheConfirmationForgetsNothing(FxRobot robot) throws Exception {
        robot.clickOn(robot.from(memberRow(robot, 0)).lookup("." + DevicesView.FORGET_BUTTON).queryButton());
        DialogPane confirmation = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(confirmation.getHeaderText()).isEqualTo("Forget laptop?");
        robot.clickOn((Button) confirmation.lookupButton(ButtonType.CANCEL));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".dialog-pane").tryQuery()).isEmpty();
        assertThat(peers.forgotten).isEmpty();
        assertThat(robot.lookup("#" + DevicesView.STATUS_ID).queryAs(Label.class).getText()).isEmpty();
    }
}
