package io.tidemark.engine.index;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Names, sizes and times for the synthetic library: word lists and distributions that make generated
 * trees look like a person's disk. Everything is drawn from the caller's seeded {@link Random}, so a
 * seed always gives the same shapes.
 */
final class SyntheticShapes {

    /**
     * Times are spread back from a fixed instant rather than from "now", so the same seed gives the same
     * times on any day.
     */
    static final long ANCHOR_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final long YEAR_MILLIS = 31_557_600_000L;
    static final long DAY_MILLIS = 86_400_000L;
    static final long OLDEST_MILLIS = ANCHOR_MILLIS - 12 * YEAR_MILLIS;

    private SyntheticShapes() {
    }

    /** What a directory mostly holds; decides extensions, name patterns and typical sizes. */
    enum Category {
        PHOTO(30, 3_000_000, 0.6, "jpg", "jpg", "jpg", "heic", "png", "dng"),
        DOCUMENT(25, 120_000, 1.5, "pdf", "pdf", "docx", "xlsx", "pptx", "odt", "txt", "md"),
        CODE(20, 4_000, 1.2, "java", "py", "js", "ts", "rs", "go", "c", "h", "json", "yml", "xml", "html", "css", "sh"),
        AUDIO(8, 6_000_000, 0.5, "mp3", "mp3", "flac", "m4a", "wav"),
        OTHER(8, 64_000, 2.0, "log", "csv", "bin", "dat", "bak", "ini"),
        VIDEO(5, 150_000_000, 1.0, "mp4", "mp4", "mov", "mkv"),
        ARCHIVE(4, 40_000_000, 1.5, "zip", "tar.gz", "7z", "iso", "dmg");

        private static final Category[] ALL = values();
        private static final int TOTAL_WEIGHT = java.util.Arrays.stream(ALL).mapToInt(c -> c.weight).sum();

        private final int weight;
        private final double logMedian;
        private final double sigma;
        private final String[] extensions;

        Category(int weight, long medianBytes, double sigma, String... extensions) {
            this.weight = weight;
            this.logMedian = Math.log(medianBytes);
            this.sigma = sigma;
            this.extensions = extensions;
        }

        static Category pick(Random rnd) {
            int r = rnd.nextInt(TOTAL_WEIGHT);
            for (Category c : ALL) {
                r -= c.weight;
                if (r < 0) {
                    return c;
                }
            }
            throw new AssertionError("weights sum to TOTAL_WEIGHT");
        }

        String extension(Random rnd) {
            return extensions[rnd.nextInt(extensions.length)];
        }

        /** Log-normal around the category's median, at least 1 byte and at most 64 GiB. */
        long size(Random rnd) {
            double bytes = Math.exp(logMedian + sigma * rnd.nextGaussian());
            return Math.max(1, Math.min(64L << 30, Math.round(bytes)));
        }
    }

    private static final String[] WORDS = {
        "report", "notes", "budget", "summary", "invoice", "draft", "letter", "resume", "plan", "meeting", "agenda",
        "project", "design", "proposal", "contract", "receipt", "travel", "family", "holiday", "birthday", "wedding",
        "garden", "kitchen", "beach", "mountain", "city", "river", "sunset", "party", "school", "lecture", "thesis",
        "chapter", "recipe", "workout", "config", "index", "main", "utils", "parser", "client", "server", "model",
        "view", "controller", "service", "handler", "test", "helper", "cache", "router", "schema", "export", "import",
        "backup", "archive", "sample", "data", "session", "review", "minutes", "quarterly", "annual", "scan", "photo",
    };

    private static final String[] DIRECTORY_WORDS = {
        "Photos", "Documents", "Music", "Projects", "Downloads", "Videos", "Archive", "Backups", "Desktop", "Work",
        "Personal", "Camera", "Screenshots", "src", "lib", "test", "docs", "assets", "images", "build", "old", "misc",
        "Family", "Travel", "Taxes", "Invoices", "Recipes", "School", "Scans", "Exports", "Albums", "Drafts",
        "Reports", "Clients", "Holiday", "Wallpapers", "Notes", "Books", "Podcasts", "Samples", "main", "resources",
    };

    private static final String[] LOCATION_NAMES = {
        "Photos", "Documents", "Projects", "Music", "Videos", "Downloads", "Archive", "Backups", "Desktop", "Work",
        "Camera Uploads", "Shared",
    };

    private static final String[] TAG_NAMES = {
        "Favorites", "Work", "Family", "Travel", "Receipts", "Important", "To review", "Archive", "Personal", "Taxes",
        "Kids", "Inspiration", "Shared", "Draft", "Print",
    };

    private static final String[] TAG_COLORS = {
        "#E5484D", "#F76B15", "#FFC53D", "#46A758", "#12A594", "#0090FF", "#3E63DD", "#8E4EC6", "#D6409F", "#8D8D8D",
    };

    private static final String[] COLLECTION_NAMES = {
        "Best of the year", "Wallpapers", "Portfolio", "Tax documents", "Wedding", "Recipes", "Reading list",
        "Road trip", "Family album", "Client work", "Favourite songs", "To print",
    };

    /** The {@code index}-th name of a list, numbered once the list runs out, so names stay distinct. */
    private static String nth(String[] names, int index) {
        String name = names[index % names.length];
        int round = index / names.length;
        return round == 0 ? name : name + " " + (round + 1);
    }

    static String locationName(int index) {
        return nth(LOCATION_NAMES, index);
    }

    static String tagName(int index) {
        return nth(TAG_NAMES, index);
    }

    static String tagColor(int index) {
        return TAG_COLORS[index % TAG_COLORS.length];
    }

    static String collectionName(int index) {
        return nth(COLLECTION_NAMES, index);
    }

    static String directoryName(Random rnd) {
        String word = DIRECTORY_WORDS[rnd.nextInt(DIRECTORY_WORDS.length)];
        return switch (rnd.nextInt(6)) {
            case 0 -> (2008 + rnd.nextInt(17)) + " " + word;
            case 1 -> (2008 + rnd.nextInt(17)) + "-" + twoDigits(1 + rnd.nextInt(12)) + " " + capitalised(word(rnd));
            case 2 -> word + " " + (1 + rnd.nextInt(20));
            default -> word;
        };
    }

    /** A base name (without extension) in the style files of that category usually have. */
    static String fileBaseName(Category category, Random rnd) {
        return switch (category) {
            case PHOTO -> switch (rnd.nextInt(3)) {
                case 0 -> "IMG_" + digits(rnd, 4);
                case 1 -> "DSC" + digits(rnd, 5);
                default -> "PXL_" + (2016 + rnd.nextInt(9)) + twoDigits(1 + rnd.nextInt(12)) + twoDigits(1 + rnd.nextInt(28))
                        + "_" + digits(rnd, 6);
            };
            case VIDEO -> rnd.nextBoolean() ? "VID_" + digits(rnd, 8) : capitalised(word(rnd)) + " " + (2008 + rnd.nextInt(17));
            case AUDIO -> twoDigits(1 + rnd.nextInt(20)) + " - " + capitalised(word(rnd)) + " " + capitalised(word(rnd));
            case DOCUMENT -> switch (rnd.nextInt(3)) {
                case 0 -> word(rnd) + "-" + word(rnd);
                case 1 -> capitalised(word(rnd)) + " " + (2008 + rnd.nextInt(17));
                default -> word(rnd) + "_" + digits(rnd, 4);
            };
            case CODE -> rnd.nextBoolean() ? capitalised(word(rnd)) + capitalised(word(rnd)) : word(rnd) + "_" + word(rnd);
            case ARCHIVE -> word(rnd) + "-backup-" + (2008 + rnd.nextInt(17)) + twoDigits(1 + rnd.nextInt(12));
            case OTHER -> word(rnd) + "-" + digits(rnd, 5);
        };
    }

    /** A modification time near {@code centre}: files in a folder cluster around when it was in use. */
    static long fileTime(long centre, Random rnd) {
        double daysBefore = -Math.log(1 - rnd.nextDouble()) * 30;
        return clampTime(centre - (long) (daysBefore * DAY_MILLIS) - rnd.nextInt((int) DAY_MILLIS));
    }

    /**
     * A subfolder's centre time: near its parent's, within the last twelve years. Reflected at the
     * anchor rather than clamped, so times do not pile up on one instant.
     */
    static long childCentre(long centre, Random rnd) {
        long t = centre + (long) (rnd.nextGaussian() * 0.7 * YEAR_MILLIS);
        return clampTime(t > ANCHOR_MILLIS ? 2 * ANCHOR_MILLIS - t : t);
    }

    static long rootCentre(Random rnd) {
        return ANCHOR_MILLIS - (long) (rnd.nextDouble() * 2 * YEAR_MILLIS);
    }

    private static long clampTime(long t) {
        return Math.max(OLDEST_MILLIS, Math.min(ANCHOR_MILLIS, t));
    }

    private static String word(Random rnd) {
        return WORDS[rnd.nextInt(WORDS.length)];
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static String digits(Random rnd, int count) {
        StringBuilder b = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            b.append((char) ('0' + rnd.nextInt(10)));
        }
        return b.toString();
    }

    /**
     * The names already used in one directory. A name that is taken gets " (2)", " (3)", ... before its
     * extension, as file managers do; the next number to try is remembered per name so a directory of
     * many same-looking files stays linear.
     */
    static final class DirectoryNames {
        private final Set<String> used;
        private final Map<String, Integer> nextNumber = new HashMap<>();

        DirectoryNames() {
            this(new HashSet<>());
        }

        DirectoryNames(Set<String> alreadyThere) {
            this.used = alreadyThere;
        }

        /** {@code extension} includes its dot, or is empty. */
        String unique(String base, String extension) {
            String name = base + extension;
            if (used.add(name)) {
                return name;
            }
            int n = nextNumber.getOrDefault(name, 2);
            String candidate;
            do {
                candidate = base + " (" + n++ + ")" + extension;
            } while (!used.add(candidate));
            nextNumber.put(name, n);
            return candidate;
        }
    }
}
