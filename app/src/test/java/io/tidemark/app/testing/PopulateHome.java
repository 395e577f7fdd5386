package io.tidemark.app.testing;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;

/**
 * Creates a home holding {@link SampleLibrary}, for looking at the app by hand:
 * {@code java -cp <test class path> io.tidemark.app.testing.PopulateHome /tmp/tm-shot [device] [library]},
 * then start the app with {@code TIDEMARK_HOME=/tmp/tm-shot}.
 */
public final class PopulateHome {
    private PopulateHome() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PopulateHome HOME [DEVICE_NAME] [LIBRARY_NAME]");
            System.exit(2);
        }
        Home home = Home.resolve(args[0]);
        String device = args.length > 1 ? args[1] : "workstation";
        String library = args.length > 2 ? args[2] : "Family archive";
        try (Engine engine = Engine.init(home, device, library)) {
            SampleLibrary.populate(engine);
            System.out.println("Populated " + home.dir() + ": " + engine.refreshSnapshot().counts().size() + " counts");
        }
    }
}
