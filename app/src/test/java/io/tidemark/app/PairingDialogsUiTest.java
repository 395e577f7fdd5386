package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.pairing.InviteDialog;
import io.tidemark.app.pairing.InviteViewModel;
import io.tidemark.app.pairing.JoinDialog;
import io.tidemark.app.pairing.JoinViewModel;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.engine.api.PeerActions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The invite and join dialogs over fake peer actions. */
@ExtendWith(ApplicationExtension.class)
class PairingDialogsUiTest {
    /** A code the length of a real one (about 190 characters of base32 in groups of five). */
    static final String CODE = "TM1-" + String.join("-", java.util.Collections.nCopies(37, "ABCD7"));
    private static final Instant EXPIRES = Instant.parse("2025-03-14T12:10:00Z");

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private Stage stage;
    private final AtomicReference<javafx.scene.control.Dialog<Void>> open = new AtomicReference<>();

    @Start
    void start(Stage stage) {
        Theme.apply();
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 300, 200));
        stage.show();
    }

    @Stop
    void stop() {
        if (open.get() != null) {
            open.get().close();
        }
    }

    @Test
    void inviteShowsTheCodeTheCountdownAndAQrImageOfIt(FxRobot robot) throws Exception {
        FakePeerActions peers = new FakePeerActions()
                .inviting(new PeerActions.Invitation(CODE, EXPIRES, List.of("192.168.1.5:22000")));
        Clock clock = Clock.fixed(EXPIRES.minusSeconds(9 * 60 + 42), ZoneOffset.UTC);
        robot.interact(() -> {
            InviteDialog dialog = new InviteDialog(new InviteViewModel(peers, Runnable::run, Platform::runLater, i18n,
                    clock), i18n);
            open.set(dialog.dialog());
            dialog.show(stage);
        });
        TextField code = robot.lookup("#" + InviteDialog.CODE_ID).queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> CODE.equals(code.getText()));
        assertThat(code.isEditable()).isFalse();
        assertThat(robot.lookup("#" + InviteDialog.VALIDITY_ID).queryLabeled().getText()).isEqualTo("Valid for 9:42");
        assertThat(robot.lookup("#" + InviteDialog.COPY_ID).queryButton().isDisabled()).isFalse();

        Image qr = robot.lookup("#" + InviteDialog.QR_ID).queryAs(ImageView.class).getImage();
        assertThat(qr).isNotNull();
        assertThat(qr.getWidth()).isEqualTo(InviteDialog.QR_SIZE);
        assertThat(qr.getHeight()).isEqualTo(InviteDialog.QR_SIZE);
        assertThat(decode(qr)).as("the QR image reads back as the code").isEqualTo(CODE);
    }

    @Test
    void joinCallsJoinWithTheTypedCodeAndShowsTheEnginesError(FxRobot robot) {
        FakePeerActions peers = new FakePeerActions().joinAnswers(
                CompletableFuture.failedFuture(new IllegalArgumentException("This invite code has expired.")));
        robot.interact(() -> {
            JoinDialog dialog = new JoinDialog(new JoinViewModel(peers, Platform::runLater, i18n), i18n);
            open.set(dialog.dialog());
            dialog.show(stage);
        });
        Button join = robot.lookup("#" + JoinDialog.JOIN_BUTTON_ID).queryButton();
        assertThat(join.isDisabled()).as("no code yet").isTrue();

        robot.clickOn("#" + JoinDialog.CODE_ID).write("TM1-ABCDE-FGHIJ");
        assertThat(join.isDisabled()).isFalse();
        robot.clickOn("#" + JoinDialog.ADDRESS_ID).write("nas.local");
        assertThat(join.isDisabled()).as("address without a port").isTrue();
        assertThat(robot.lookup("#" + JoinDialog.ADDRESS_ERROR_ID).queryLabeled().getText())
                .isEqualTo("Enter the address as HOST:PORT, for example 192.168.1.20:22000.");
        robot.write(":22000");
        assertThat(join.isDisabled()).isFalse();

        robot.clickOn(join);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(peers.joins).containsExactly(new FakePeerActions.JoinCall("TM1-ABCDE-FGHIJ", "nas.local:22000"));
        Label message = robot.lookup("#" + JoinDialog.MESSAGE_ID).queryAs(Label.class);
        assertThat(message.getText()).isEqualTo("Could not join: This invite code has expired.");
        assertThat(message.isVisible()).isTrue();
        assertThat(open.get().isShowing()).as("the dialog stays open to show the error").isTrue();
    }

    private static String decode(Image image) throws Exception {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, argb)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
