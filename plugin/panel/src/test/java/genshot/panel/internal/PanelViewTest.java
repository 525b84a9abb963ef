package genshot.panel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.FillRequest;
import genshot.api.FrameSink;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import genshot.api.Progress;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.core.internal.PanelTestServices;
import genshot.generators.internal.ElementsGenerator;
import genshot.generators.internal.SlugGenerator;
import genshot.host.kdenlive.internal.KdenliveAdapter;
import genshot.media.internal.HumbleMediaDecoder;
import genshot.onnx.internal.OrtOnnxService;
import genshot.testkit.ProjectFixtures;
import genshot.timeline.Clip;
import genshot.timeline.GapSlot;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The panel, headless (Monocle), on the real workflow: the real Kdenlive adapter, slug generator and Humble-Video
 * encoder and decoder. Open the sample, select the gap, generate, play, insert, check the file, undo.
 */
@ExtendWith(ApplicationExtension.class)
class PanelViewTest {
    static final Path SAMPLE = Path.of(System.getProperty("genshot.repoRoot", "../..")).resolve("assets/samples/kdenlive");
    static final Path SCREENSHOTS = Path.of(System.getProperty("genshot.screenshots", "target/screenshots"));

    @TempDir
    Path dir;

    Stage stage;
    PanelView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) {
            view.dispose();
        }
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(10, TimeUnit.SECONDS);
    }

    private Genshot show(List<ShotGenerator> generators) throws Exception {
        return show(generators, List.of());
    }

    private Genshot show(List<ShotGenerator> generators, List<genshot.api.LiveLink> links) throws Exception {
        Genshot genshot = PanelTestServices.genshot(generators, links);
        WaitForAsyncUtils.asyncFx(() -> {
            view = new PanelView(genshot, new HumbleMediaDecoder(), 200);
            stage.setScene(view.scene(PanelComponent.WIDTH, PanelComponent.HEIGHT));
            stage.show();
        }).get(10, TimeUnit.SECONDS);
        return genshot;
    }

    private Path sample() throws Exception {
        try (Stream<Path> s = Files.list(SAMPLE)) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName().toString()));
            }
        }
        return dir.resolve("sample.kdenlive");
    }

    private void open(Path project) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.open(project)).get(10, TimeUnit.SECONDS);
        settle();
    }

    /** Waits until the panel has no background work left. */
    private void settle() throws Exception {
        CountDownLatch idle = new CountDownLatch(1);
        Platform.runLater(() -> view.whenIdle(idle::countDown));
        assertTrue(idle.await(30, TimeUnit.SECONDS), "the panel settles");
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitFor(String what, int seconds, BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                AtomicReference<Boolean> r = new AtomicReference<>(false);
                WaitForAsyncUtils.asyncFx(() -> r.set(condition.getAsBoolean())).get();
                return r.get();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not within " + seconds + " s: " + what, e);
        }
    }

    /**
     * The node a query finds, looked up on the FX thread: the panel rebuilds the take's details there (on a re-read
     * of the project every few seconds), and a lookup from the test thread could land between the clear and the
     * rebuild and find nothing.
     */
    private <T extends Node> T node(FxRobot robot, String query) {
        T n;
        if (Platform.isFxApplicationThread()) {
            n = robot.lookup(query).query();
        } else {
            AtomicReference<T> found = new AtomicReference<>();
            try {
                WaitForAsyncUtils.asyncFx(() -> found.set(robot.lookup(query).query())).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("looking up " + query + " on the FX thread", e);
            }
            n = found.get();
        }
        assertNotNull(n, query);
        return n;
    }

    private String text(FxRobot robot, String query) {
        Label l = node(robot, query);
        return l.getText();
    }

    private static List<GapSlot> gapsOnDisk(Path project) throws Exception {
        return new KdenliveAdapter().read(project, Files.readAllBytes(project)).timeline().gaps();
    }

    @Test
    void generateWithTheSlugPreviewInsertAndUndo(FxRobot robot) throws Exception {
        Path project = sample();
        byte[] original = Files.readAllBytes(project);
        show(List.of(new SlugGenerator()));
        open(project);

        TableView<Slot> gaps = node(robot, "#gaps");
        assertEquals(1, gaps.getItems().size());
        robot.clickOn("V1:1");
        assertEquals("V1:1", gaps.getSelectionModel().getSelectedItem().gapId());
        assertTrue(text(robot, "#projectInfo").contains("Kdenlive · 640×360 · 25 fps"), text(robot, "#projectInfo"));
        settle();
        assertNotNull(((ImageView) node(robot, "#before")).getImage(), "last frame before the gap (A.mp4)");
        assertNotNull(((ImageView) node(robot, "#after")).getImage(), "first frame after the gap (B.mp4)");
        assertTrue(text(robot, "#beforeLabel").contains("00:00:01:24"), text(robot, "#beforeLabel"));

        Button undo = node(robot, "#undo");
        assertTrue(undo.isDisabled(), "genshot has inserted nothing: nothing to undo");
        robot.clickOn("#prompt").write("a door opens");
        Button generate = node(robot, "#generate");
        assertFalse(generate.isDisabled());
        robot.clickOn(generate);
        ListView<genshot.api.Take> takes = node(robot, "#takes");
        waitFor("a take in the strip", 60, () -> takes.getItems().size() == 1);
        settle();
        genshot.api.Take take = takes.getItems().get(0);
        assertEquals("a door opens", take.request().prompt());
        assertEquals("slug", take.request().generator());
        assertFalse(take.request().parameters().containsKey("alphaFormat"), "the default alpha format is implied");
        assertFalse(take.request().parameters().containsKey("retime"), "so is retiming along the motion");
        assertEquals(new TimeRange(50, 25), take.range());
        assertEquals(Long.toString(take.request().seed()), text(robot, "#take-seed"));
        assertNotNull(((ImageView) node(robot, "#preview")).getImage(), "the take's thumbnail is shown");
        assertArrayEquals(original, Files.readAllBytes(project), "generating does not touch the project");

        robot.clickOn("#play");
        waitFor("the last frame played", 20, () -> text(robot, "#frame").startsWith("frame 25 / 25"));
        settle();
        Files.createDirectories(SCREENSHOTS);
        WaitForAsyncUtils.asyncFx(() -> {
            try {
                view.snapshot(SCREENSHOTS.resolve("panel.png"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        assertTrue(Files.size(SCREENSHOTS.resolve("panel.png")) > 10_000);

        robot.clickOn("#insert");
        waitFor("the insertion is reported", 30, () -> text(robot, "#messageDetail").contains("No editor has the project open; open it in Kdenlive to see it."));
        settle();
        assertTrue(text(robot, "#messageText").startsWith("Inserted take #1 into V1 at 50+25 (00:00:02:00+00:00:01:00)"), text(robot, "#messageText"));
        List<GapSlot> after = gapsOnDisk(project);
        assertTrue(after.stream().noneMatch(g -> g.track().equals("V1") && g.range().overlaps(new TimeRange(50, 25))),
                "no gap left at 50..74 on V1: " + after);
        Timeline t = new KdenliveAdapter().read(project, Files.readAllBytes(project)).timeline();
        Track v1 = t.track("V1").orElseThrow();
        assertTrue(v1.items().stream().anyMatch(i -> i instanceof Clip c
                && c.media().endsWith(take.file().getFileName().toString())), "the take is a clip of V1");
        Slot selected = gaps.getSelectionModel().getSelectedItem();
        assertFalse(selected.isGap(), "the filled range stays selected");
        assertEquals(take.id(), selected.inPlace());
        assertTrue(((Button) node(robot, "#replace")).isDisabled(), "nothing to replace it with yet");
        assertTrue(((Button) node(robot, "#insert")).isDisabled(), "the range is not free");

        waitFor("undo offered after the insertion", 10, () -> !undo.isDisabled());
        robot.clickOn("#undo");
        waitFor("the undo is reported", 30, () -> text(robot, "#messageText").startsWith("Restored the project"));
        settle();
        waitFor("nothing left to undo", 10, undo::isDisabled);
        assertArrayEquals(original, Files.readAllBytes(project), "undo restores the project as it was");
        assertEquals("V1:1", gaps.getSelectionModel().getSelectedItem().gapId(), "the gap is back and selected");
        assertEquals(1, takes.getItems().size(), "the take is still kept");
    }

    /**
     * An editor with the project open, as a link reports it: unsaved changes until genshot asks it to save, which it
     * does as an editor does (its own edit written over the file).
     */
    static final class ScriptedEditor implements genshot.api.LiveLink {
        final Path project;
        volatile boolean unsaved = true;
        final java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        ScriptedEditor(Path project) {
            this.project = project;
        }

        @Override
        public String host() {
            return "kdenlive";
        }

        @Override
        public List<genshot.api.LiveSession> find(Path p, java.time.Duration within) {
            return List.of(new genshot.api.LiveSession("kdenlive", "Kdenlive 22.12.3", 4242, p,
                    genshot.api.LiveSession.Sureness.SURE, "window title and command line", unsaved, true, true));
        }

        @Override
        public boolean reload(genshot.api.LiveSession s, java.time.Duration within) {
            asked.add("reload");
            return true;
        }

        @Override
        public boolean save(genshot.api.LiveSession s, java.time.Duration within) {
            asked.add("save");
            try {
                Files.writeString(project, Files.readString(project).replace("</mlt>", "<!-- its own edit -->\n</mlt>"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            unsaved = false;
            return true;
        }
    }

    @Test
    void theHeaderShowsTheEditorAndSaveInKdenliveAndInsertThenPutBackAfterADroppingSave(FxRobot robot)
            throws Exception {
        Path project = sample();
        byte[] original = Files.readAllBytes(project);
        ScriptedEditor editor = new ScriptedEditor(project);
        show(List.of(new SlugGenerator()), List.of(editor));
        open(project);
        waitFor("the live state in the header", 10, () -> text(robot, "#liveState")
                .equals("Kdenlive 22.12.3: open, unsaved changes"));
        robot.clickOn("V1:1");
        robot.clickOn("#prompt").write("a door opens");
        robot.clickOn("#generate");
        ListView<genshot.api.Take> takes = node(robot, "#takes");
        waitFor("a take in the strip", 60, () -> takes.getItems().size() == 1);
        settle();

        robot.clickOn("#insert");
        waitFor("the refusal", 30, () -> text(robot, "#messageText").startsWith("Kdenlive has unsaved changes"));
        settle();
        assertArrayEquals(original, Files.readAllBytes(project), "refused: nothing written");
        Button action = node(robot, "#messageAction");
        assertTrue(action.isVisible());
        assertEquals("Save in Kdenlive and insert", action.getText());
        assertFalse(text(robot, "#messageDetail").contains("--"), "no command-line options in the panel: "
                + text(robot, "#messageDetail"));
        WaitForAsyncUtils.asyncFx(() -> {
            try {
                view.snapshot(SCREENSHOTS.resolve("panel-live-unsaved.png"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);

        robot.clickOn(action);
        waitFor("the insertion", 30, () -> text(robot, "#messageText").startsWith("Inserted take #1"));
        settle();
        assertEquals(List.of("save", "reload"), editor.asked, "saved in the editor, then inserted, then reloaded");
        assertTrue(text(robot, "#messageDetail").startsWith("Kdenlive reloaded sample.kdenlive."),
                text(robot, "#messageDetail"));
        String saved = Files.readString(project);
        assertTrue(saved.contains("<!-- its own edit -->") && saved.contains(takes.getItems().get(0).file()
                .getFileName().toString()), "the editor's change and the take");
        waitFor("the header follows", 10, () -> text(robot, "#liveState").equals("Kdenlive 22.12.3: open, saved"));

        // the editor saves its old document over genshot's insertion
        Files.writeString(project, new String(original, java.nio.charset.StandardCharsets.UTF_8)
                .replace("</mlt>", "<!-- a later edit -->\n</mlt>"));
        waitFor("the drop is noticed", 20, () -> text(robot, "#messageText").startsWith("An editor's save dropped"));
        settle();
        Button putBack = node(robot, "#messageAction");
        assertEquals("Put back", putBack.getText());
        WaitForAsyncUtils.asyncFx(() -> {
            try {
                view.snapshot(SCREENSHOTS.resolve("panel-live-dropped.png"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        robot.clickOn(putBack);
        waitFor("put back", 30, () -> text(robot, "#messageText").startsWith("Put the take back"));
        settle();
        String back = Files.readString(project);
        assertTrue(back.contains("<!-- a later edit -->") && back.contains(takes.getItems().get(0).file()
                .getFileName().toString()), "the take is back beside the editor's later edit");
    }

    /** The real slug, slowed to 30 ms a frame so that there is time to press Esc. */
    static final class SlowSlug implements ShotGenerator {
        final SlugGenerator slug = new SlugGenerator();

        @Override
        public GeneratorInfo info() {
            return slug.info();
        }

        @Override
        public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                                   Cancellation cancel) {
            return slug.generate(request, spec, f -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.accept(f);
            }, progress, cancel);
        }
    }

    @Test
    void theAlphaFormatAndRetimingChosenGoWithTheRequest(FxRobot robot) throws Exception {
        Path project = sample();
        show(List.of(new SlugGenerator()));
        open(project);
        robot.clickOn("V1:1");
        settle();
        robot.interact(() -> {
            ((javafx.scene.control.ComboBox<String>) node(robot, "#alphaFormat")).setValue(ShotForm.FFV1);
            ((javafx.scene.control.ComboBox<String>) node(robot, "#retime")).setValue(ShotForm.BLEND);
        });
        robot.clickOn("#prompt").write("smoke plate");
        robot.clickOn((Button) node(robot, "#generate"));
        ListView<genshot.api.Take> takes = node(robot, "#takes");
        waitFor("a take in the strip", 60, () -> takes.getItems().size() == 1);
        assertEquals("ffv1", takes.getItems().get(0).request().parameters().get("alphaFormat"));
        assertEquals("blend", takes.getItems().get(0).request().parameters().get("retime"));
    }

    @Test
    void escCancelsARunningGenerationAndNothingIsWritten(FxRobot robot) throws Exception {
        Path project = sample();
        byte[] original = Files.readAllBytes(project);
        show(List.of(new SlowSlug()));
        open(project);
        robot.clickOn("#prompt").write("slow");
        robot.type(KeyCode.ENTER);
        waitFor("generating", 20, () -> text(robot, "#phase").startsWith("Generating frame"));
        long t0 = System.nanoTime();
        robot.type(KeyCode.ESCAPE);
        waitFor("cancelled", 10, () -> !view.isBusy());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 3000, "cancel stops within a step, took " + millis + " ms");
        settle();
        assertEquals("Cancelled. Nothing was changed.", text(robot, "#messageText"));
        assertEquals(0, ((ListView<?>) node(robot, "#takes")).getItems().size());
        assertArrayEquals(original, Files.readAllBytes(project));
        Path takesDir = dir.resolve("sample.kdenlive.genshot/takes");
        if (Files.isDirectory(takesDir)) {
            try (Stream<Path> s = Files.list(takesDir)) {
                assertEquals(List.of(), s.toList(), "no take file is left behind");
            }
        }
        assertFalse(((Button) node(robot, "#generate")).isDisabled(), "ready again");
    }

    @Test
    void aProjectThatCannotBeReadIsExplainedInPlainSentences(FxRobot robot) throws Exception {
        show(List.of(new SlugGenerator()));
        Path broken = dir.resolve("broken.kdenlive");
        Files.writeString(broken, "<mlt><playlist id=");
        open(broken);
        String headline = text(robot, "#messageText");
        String detail = text(robot, "#messageDetail");
        assertFalse(headline.isBlank());
        assertTrue(detail.contains("broken.kdenlive"), "names the file: " + detail);
        for (String s : List.of(headline, detail)) {
            assertFalse(s.contains("Exception") || s.contains("\tat ") || s.contains(".java:"), "no stack trace: " + s);
        }
        assertTrue(node(robot, "#message").isVisible());

        Path readme = dir.resolve("notes.txt");
        Files.writeString(readme, "hello");
        open(readme);
        assertEquals("No installed host adapter reads this kind of file.", text(robot, "#messageText"));
        assertTrue(text(robot, "#messageDetail").contains("What to do: Genshot reads projects of: kdenlive."),
                text(robot, "#messageDetail"));
    }

    @Test
    void theGapListFollowsTheFileWhenItIsSavedElsewhere(FxRobot robot) throws Exception {
        Path project = sample();
        Genshot genshot = show(List.of(new SlugGenerator()));
        open(project);
        TableView<Slot> gaps = node(robot, "#gaps");
        assertTrue(gaps.getItems().get(0).isGap());
        // another program (here: what genshot fill does) saves the project with the gap filled
        genshot.fill(new FillRequest(project, "V1:1", new TimeRange(60, 10), new ShotRequest("slug", "cli take", "", 3,
                Map.of(), "cpu")), Progress.NONE, Cancellation.NEVER);
        waitFor("the list follows the file", 10, () -> gaps.getItems().size() == 3);
        settle();
        assertEquals(List.of("V1:1", "V1 take", "V1:2"), gaps.getItems().stream().map(Slot::label).toList());
        assertEquals(new TimeRange(50, 10), gaps.getSelectionModel().getSelectedItem().range(),
                "the selection stays on the same track and time");
        robot.clickOn("V1 take");
        ListView<genshot.api.Take> takes = node(robot, "#takes");
        waitFor("the CLI's take is listed", 10, () -> takes.getItems().size() == 1);
        assertEquals("cli take", takes.getItems().get(0).request().prompt());
    }

    /** The real elements generator (its plates have alpha), on the real ONNX Runtime. */
    static ElementsGenerator elements() {
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        return new ElementsGenerator(onnx);
    }

    @SuppressWarnings("unchecked")
    private void generateWith(FxRobot robot, String generator, Map<String, String> choices, String alphaFormat,
                              String prompt, int takesAfter) throws Exception {
        robot.interact(() -> {
            javafx.scene.control.ComboBox<GeneratorInfo> g = node(robot, "#generator");
            g.setValue(g.getItems().stream().filter(i -> i.id().equals(generator)).findFirst().orElseThrow());
        });
        robot.interact(() -> {
            choices.forEach((k, v) -> ((javafx.scene.control.ComboBox<String>) node(robot, "#param-" + k)).setValue(v));
            ((javafx.scene.control.ComboBox<String>) node(robot, "#alphaFormat")).setValue(alphaFormat);
            ((javafx.scene.control.TextArea) node(robot, "#prompt")).setText(prompt);
        });
        robot.clickOn((Button) node(robot, "#generate"));
        ListView<genshot.api.Take> takes = node(robot, "#takes");
        waitFor("the take is listed", 90, () -> takes.getItems().size() == takesAfter);
        settle();
        waitFor("its format is read", 20, () -> !text(robot, "#take-format").startsWith("reading"));
    }

    /** Pixels of an image as ARGB. */
    static int[] pixels(javafx.scene.image.Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        return argb;
    }

    /**
     * How a picture of a snow plate looks: the share of its pixels that show the checkerboard exactly where they
     * are (transparent there), and the share that are near white. Shown without alpha, the encoder's colour
     * under the flakes' edges makes large white discs over black: no checkerboard, much white.
     */
    static double[] checkerAndWhite(javafx.scene.image.Image img) {
        int w = (int) img.getWidth();
        int[] argb = pixels(img);
        int checker = 0;
        int white = 0;
        java.util.Set<Integer> greys = new java.util.HashSet<>();
        for (int i = 0; i < argb.length; i++) {
            int r = argb[i] >> 16 & 0xff;
            int g = argb[i] >> 8 & 0xff;
            int b = argb[i] & 0xff;
            int want = Images.checker(i % w, i / w);
            if (r == want && g == want && b == want) {
                checker++;
                greys.add(want);
            }
            if (r > 230 && g > 230 && b > 230) {
                white++;
            }
        }
        // both squares of the board show, not one flat grey
        double board = greys.size() == 2 ? checker / (double) argb.length : 0;
        return new double[] {board, white / (double) argb.length};
    }

    @Test
    void anAlphaPlateShowsTheCheckerboardThroughItsTransparentPartsAndItsRealFormat(FxRobot robot) throws Exception {
        Path project = sample();
        ElementsGenerator elements = elements();
        try {
            show(List.of(new SlugGenerator(), elements));
            open(project);
            robot.clickOn("V1:1");
            settle();

            generateWith(robot, "elements", Map.of("look", "snow"), ShotForm.QTRLE, "snow falling at night", 1);
            ListView<genshot.api.Take> takes = node(robot, "#takes");
            assertTrue(takes.getItems().get(0).file().getFileName().toString().endsWith(".mov"));
            assertEquals("rle ", TakeFormat.of(takes.getItems().get(0).file()).fourcc(), "written as qtrle");
            assertTrue(text(robot, "#take-format").startsWith("QuickTime Animation (qtrle), with alpha · "),
                    text(robot, "#take-format"));
            assertTrue(text(robot, "#phase").endsWith(", QuickTime Animation (qtrle)."), text(robot, "#phase"));
            assertEquals("a checkerboard (no track below)", text(robot, "#take-over"));
            double[] preview = checkerAndWhite(((ImageView) node(robot, "#preview")).getImage());
            assertTrue(preview[0] > 0.5, "the preview shows the checkerboard through the plate: " + preview[0]);
            assertTrue(preview[1] < 0.05, "no white discs: " + preview[1] + " of the preview is white");
            javafx.scene.image.Image thumb = ((ImageView) node(robot, ".take-cell .image-view")).getImage();
            assertNotNull(thumb, "the take's thumbnail");
            double[] t = checkerAndWhite(thumb);
            assertTrue(t[0] > 0.5 && t[1] < 0.05, "the thumbnail too: checkerboard " + t[0] + ", white " + t[1]);
            WaitForAsyncUtils.asyncFx(() -> {
                try {
                    view.snapshot(SCREENSHOTS.resolve("panel-alpha.png"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);

            // played, frames are composited the same way
            robot.clickOn("#play");
            waitFor("the last frame played", 30, () -> text(robot, "#frame").startsWith("frame 25 / 25"));
            double[] played = checkerAndWhite(((ImageView) node(robot, "#preview")).getImage());
            assertTrue(played[0] > 0.5 && played[1] < 0.05, "played: checkerboard " + played[0] + ", white " + played[1]);
            settle();

            generateWith(robot, "elements", Map.of("look", "snow"), ShotForm.FFV1, "snow falling at night", 2);
            assertEquals("FFV1", TakeFormat.of(takes.getItems().get(0).file()).fourcc());
            assertTrue(text(robot, "#take-format").startsWith("FFV1, with alpha · "), text(robot, "#take-format"));
            assertTrue(text(robot, "#phase").endsWith(", FFV1."), text(robot, "#phase"));

            generateWith(robot, "slug", Map.of(), ShotForm.QTRLE, "a door opens", 3);
            assertTrue(text(robot, "#take-format").startsWith("H.264 · "), text(robot, "#take-format"));
            assertTrue(text(robot, "#phase").endsWith(", H.264."), text(robot, "#phase"));
            double[] slug = checkerAndWhite(((ImageView) node(robot, "#preview")).getImage());
            assertEquals(0.0, slug[0], "an opaque take shows no checkerboard");
        } finally {
            elements.close();
        }
    }

    @Test
    void aPlateOnV2IsShownOverTheFrameOfV1BelowIt(FxRobot robot) throws Exception {
        genshot.timeline.Rate rate = genshot.timeline.Rate.FPS_25;
        ProjectFixtures.Media blue = ProjectFixtures.colour(dir.resolve("blue.mp4"), "0x2040c0", rate, 320, 180, 45,
                false);
        ProjectFixtures.Media grey = ProjectFixtures.colour(dir.resolve("grey.mp4"), "0x808080", rate, 320, 180, 10,
                false);
        Path project = ProjectFixtures.project(rate, 320, 180)
                .video(ProjectFixtures.Item.clip(blue))
                .video(ProjectFixtures.Item.clip(grey), ProjectFixtures.Item.blank(25), ProjectFixtures.Item.clip(grey))
                .write(dir.resolve("plates.kdenlive"));
        ElementsGenerator elements = elements();
        try {
            show(List.of(new SlugGenerator(), elements));
            open(project);
            robot.clickOn("V2:1");
            settle();
            generateWith(robot, "elements", Map.of("look", "snow"), ShotForm.QTRLE, "snow falling at night", 1);
            assertTrue(text(robot, "#take-format").contains("with alpha"), text(robot, "#take-format"));
            assertTrue(text(robot, "#take-over").startsWith("V1 · "), text(robot, "#take-over"));
            for (String where : List.of("#preview", ".take-cell .image-view")) {
                javafx.scene.image.Image img = ((ImageView) node(robot, where)).getImage();
                int[] argb = pixels(img);
                int blueish = 0;
                for (int p : argb) {
                    if (Math.abs((p >> 16 & 0xff) - 0x20) < 16 && Math.abs((p >> 8 & 0xff) - 0x40) < 16
                            && Math.abs((p & 0xff) - 0xc0) < 16) {
                        blueish++;
                    }
                }
                assertTrue(blueish > argb.length / 2, where + ": the blue of V1 shows through the plate: " + blueish
                        + " of " + argb.length);
                assertEquals(0.0, checkerAndWhite(img)[0], where + ": no checkerboard where a track is below");
            }
            Files.createDirectories(SCREENSHOTS);
            WaitForAsyncUtils.asyncFx(() -> {
                try {
                    view.snapshot(SCREENSHOTS.resolve("panel-alpha-over-v1.png"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
        } finally {
            elements.close();
        }
    }

    /** Labeled controls shown whose text is cut short ("L…") or that lie outside the window. */
    static List<String> cutShort(javafx.scene.Scene scene) {
        List<String> out = new java.util.ArrayList<>();
        visit(scene.getRoot(), n -> {
            if (!(n instanceof javafx.scene.control.Labeled l) || l.getText() == null || l.getText().isEmpty()) {
                return;
            }
            for (Node c : l.getChildrenUnmodifiable()) {
                if (c instanceof javafx.scene.text.Text shown && c.isVisible()
                        && !shown.getText().equals(l.getText())) {
                    out.add("'" + l.getText() + "' shows as '" + shown.getText() + "'");
                }
            }
            javafx.geometry.Bounds b = l.localToScene(l.getLayoutBounds());
            if (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > scene.getWidth() + 0.5
                    || b.getMaxY() > scene.getHeight() + 0.5) {
                out.add("'" + l.getText() + "' lies outside the window: " + b);
            }
            // nor cut by a pane that clips what it holds (split pane columns, scroll panes' viewports)
            for (javafx.scene.Parent a = l.getParent(); a != null; a = a.getParent()) {
                if (a.getClip() != null) {
                    javafx.geometry.Bounds c = a.localToScene(a.getClip().getBoundsInParent());
                    if (b.getMinX() < c.getMinX() - 0.5 || b.getMinY() < c.getMinY() - 0.5
                            || b.getMaxX() > c.getMaxX() + 0.5 || b.getMaxY() > c.getMaxY() + 0.5) {
                        out.add("'" + l.getText() + "' is cut by the edge of its " + a.getClass().getSimpleName()
                                + ": " + b + " in " + c);
                        break;
                    }
                }
            }
        });
        return out;
    }

    /** Visits the nodes shown (visible, with all their parents). */
    static void visit(Node n, java.util.function.Consumer<Node> each) {
        if (!n.isVisible()) {
            return;
        }
        each.accept(n);
        if (n instanceof javafx.scene.Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                visit(c, each);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void atTheDefaultSizeAndAt1280x720NothingIsCutShortAndTheGenerateRowIsInTheWindow(FxRobot robot)
            throws Exception {
        Path project = sample();
        ElementsGenerator elements = elements();
        try {
            show(List.of(new SlugGenerator(), elements));
            open(project);
            robot.clickOn("V1:1");
            settle();
            // a plate (the most facts about a take) with the generator of the longest description and the most
            // parameters, "auto" where the prompt decides
            generateWith(robot, "elements", Map.of("look", "snow"), ShotForm.QTRLE, "snow falling at night", 1);
            robot.interact(() -> ((javafx.scene.control.ComboBox<String>) node(robot, "#param-look")).setValue("auto"));
            settle();
            for (double[] size : List.of(new double[] {PanelComponent.WIDTH, PanelComponent.HEIGHT},
                    new double[] {1280, 720})) {
                String name = (int) size[0] + "x" + (int) size[1];
                robot.interact(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                });
                WaitForAsyncUtils.waitForFxEvents();
                javafx.scene.Scene scene = stage.getScene();
                assertEquals(size[0], scene.getWidth(), name);
                assertEquals(size[1], scene.getHeight(), name);
                AtomicReference<List<String>> cut = new AtomicReference<>();
                robot.interact(() -> cut.set(cutShort(scene)));
                assertEquals(List.of(), cut.get(), name + ": controls cut short");

                Button generate = node(robot, "#generate");
                javafx.geometry.Bounds b = generate.localToScene(generate.getLayoutBounds());
                assertTrue(b.getMinY() >= 0 && b.getMaxY() <= scene.getHeight() && b.getMaxX() <= scene.getWidth(),
                        name + ": the Generate button lies in the window: " + b);
                Label phase = node(robot, "#phase");
                javafx.geometry.Bounds p = phase.localToScene(phase.getLayoutBounds());
                assertTrue(p.getMaxY() <= scene.getHeight(), name + ": so does the line under it: " + p);

                // the generator in a sentence, at most two lines; everything else on demand
                Label info = node(robot, "#generatorInfo");
                assertAtMostTwoLines(info, name);
                assertNotNull(info.getTooltip(), "the whole description as a tooltip");
                assertFalse(node(robot, "#generatorDetails").isVisible(), "details are hidden at first");

                // no choice reads "default ()": a parameter without a default is chosen by the generator
                javafx.scene.control.ComboBox<String> look = node(robot, "#param-look");
                assertEquals("auto", look.getValue());
                visit(scene.getRoot(), n -> {
                    if (n instanceof javafx.scene.control.Labeled l && l.getText() != null) {
                        assertFalse(l.getText().contains("()"), name + ": '" + l.getText() + "'");
                    }
                });
                Files.createDirectories(SCREENSHOTS);
                WaitForAsyncUtils.asyncFx(() -> {
                    try {
                        view.snapshot(SCREENSHOTS.resolve("panel-" + name + ".png"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).get(10, TimeUnit.SECONDS);
            }

            // every generator installed, each in a sentence that fits
            javafx.scene.control.ComboBox<GeneratorInfo> all = node(robot, "#generator");
            for (GeneratorInfo g : List.copyOf(all.getItems())) {
                robot.interact(() -> all.setValue(g));
                WaitForAsyncUtils.waitForFxEvents();
                assertAtMostTwoLines(node(robot, "#generatorInfo"), "1280x720, " + g.id());
                AtomicReference<List<String>> cut = new AtomicReference<>();
                robot.interact(() -> cut.set(cutShort(stage.getScene())));
                assertEquals(List.of(), cut.get(), g.id() + ": controls cut short");
            }
            robot.interact(() -> all.setValue(all.getItems().stream().filter(i -> i.id().equals("elements"))
                    .findFirst().orElseThrow()));
            robot.clickOn("#generatorDetailsToggle");
            WaitForAsyncUtils.waitForFxEvents();
            Label details = node(robot, "#generatorDetails");
            assertTrue(details.isVisible());
            assertTrue(details.getText().contains("Parameters override it") && details.getText()
                    .contains("Model: genshot/elements@1"), details.getText());
            Files.createDirectories(SCREENSHOTS);
            WaitForAsyncUtils.asyncFx(() -> {
                try {
                    view.snapshot(SCREENSHOTS.resolve("panel-details.png"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            robot.clickOn("#generatorDetailsToggle");
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(details.isVisible(), "Less hides them again");

            // an hour-long gap and one covered by a higher track: the gap list's texts are whole too
            genshot.timeline.Rate rate = genshot.timeline.Rate.FPS_25;
            ProjectFixtures.Media blue = ProjectFixtures.colour(dir.resolve("blue.mp4"), "0x2040c0", rate, 320, 180,
                    45, false);
            ProjectFixtures.Media grey = ProjectFixtures.colour(dir.resolve("grey.mp4"), "0x808080", rate, 320, 180,
                    30, false);
            Path hour = ProjectFixtures.project(rate, 320, 180)
                    .video(ProjectFixtures.Item.clip(blue), ProjectFixtures.Item.blank(25),
                            ProjectFixtures.Item.clip(blue, 0, 10), ProjectFixtures.Item.blank(90_000),
                            ProjectFixtures.Item.clip(blue, 0, 10))
                    .video(ProjectFixtures.Item.blank(40), ProjectFixtures.Item.clip(grey))
                    .write(dir.resolve("hour.kdenlive"));
            open(hour);
            TableView<Slot> gaps = node(robot, "#gaps");
            assertTrue(gaps.getItems().stream().anyMatch(g -> g.isGap() && !g.visible()), "a covered gap");
            assertTrue(gaps.getItems().stream().anyMatch(g -> g.range().duration() == 90_000), "the hour");
            for (double[] size : List.of(new double[] {PanelComponent.WIDTH, PanelComponent.HEIGHT},
                    new double[] {1280, 720})) {
                robot.interact(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                });
                settle();
                AtomicReference<List<String>> cut = new AtomicReference<>();
                robot.interact(() -> cut.set(cutShort(stage.getScene())));
                assertEquals(List.of(), cut.get(), (int) size[0] + "x" + (int) size[1] + ", an hour's gap: cut short");
            }
            WaitForAsyncUtils.asyncFx(() -> {
                try {
                    view.snapshot(SCREENSHOTS.resolve("panel-hour-gap.png"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
        } finally {
            elements.close();
        }
    }

    /** A label's height is that of at most two lines of its text. */
    static void assertAtMostTwoLines(Label info, String name) {
        javafx.scene.text.Text two = new javafx.scene.text.Text("Ag\nAg");
        javafx.scene.text.Text three = new javafx.scene.text.Text("Ag\nAg\nAg");
        two.setFont(info.getFont());
        three.setFont(info.getFont());
        double twoLines = two.getLayoutBounds().getHeight();
        assertTrue(info.getHeight() > 0 && info.getHeight() < (twoLines + three.getLayoutBounds().getHeight()) / 2,
                name + ": the generator's summary is " + info.getHeight() + " px high (two lines: " + twoLines + "): "
                        + info.getText());
    }

    /** The slug, except that listing it (its info) waits until the test lets it: a slow model pack. */
    static final class SlowToList implements ShotGenerator {
        final SlugGenerator slug = new SlugGenerator();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public GeneratorInfo info() {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slug.info();
        }

        @Override
        public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                                   Cancellation cancel) {
            return slug.generate(request, spec, sink, progress, cancel);
        }
    }

    @Test
    void theFramesAroundTheGapComeFirstNotAfterTheGeneratorsOrTheThumbnails(FxRobot robot) throws Exception {
        Path project = sample();
        SlowToList slow = new SlowToList();
        Genshot genshot = PanelTestServices.genshot(List.of(slow));
        genshot.generate(new FillRequest(project, "V1:1", null, new ShotRequest("slug", "earlier take", "", 5,
                Map.of(), "cpu")), Progress.NONE, Cancellation.NEVER);
        slow.gate = new CountDownLatch(1);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            WaitForAsyncUtils.asyncFx(() -> {
                view = new PanelView(genshot, new HumbleMediaDecoder(), 200);
                view.onEvent(events::add);
                stage.setScene(view.scene(PanelComponent.WIDTH, PanelComponent.HEIGHT));
                stage.show();
                view.open(project);
            }).get(10, TimeUnit.SECONDS);
            // the generators are still being listed: the gap and the frames around it are shown all the same
            waitFor("the frames around the gap while the generators are listed", 20,
                    () -> ((ImageView) node(robot, "#before")).getImage() != null
                            && ((ImageView) node(robot, "#after")).getImage() != null);
            assertFalse(events.contains("generators"), "still listing: " + events);
        } finally {
            slow.gate.countDown();
        }
        waitFor("the generators", 20, () -> events.contains("generators"));
        settle();
        assertTrue(events.contains("thumbnail"), events.toString());
        assertEquals(List.of("project", "neighbour", "neighbour", "thumbnail"),
                events.stream().filter(e -> !e.equals("generators")).toList().subList(0, 4),
                "the frames around the gap before the take's thumbnail: " + events);
    }

    /**
     * {@code genshot panel} makes its view while the command line starts and begins reading the project before the
     * window shows: the view takes that read when the file has not changed since it began, and reads again when it
     * has. The form and the takes' column join the window just after its first frame, the tooltips with them.
     */
    @Test
    void aViewMadeAheadTakesTheEarlyReadOnlyWhileTheFileIsUnchanged(FxRobot robot) throws Exception {
        Path project = sample();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Genshot real = PanelTestServices.genshot(List.of(new SlugGenerator()));
        // the real service, counting its reads of the project
        Genshot genshot = (Genshot) java.lang.reflect.Proxy.newProxyInstance(Genshot.class.getClassLoader(),
                new Class<?>[] {Genshot.class}, (proxy, method, args) -> {
                    if (method.getName().equals("open")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        for (boolean changed : List.of(false, true)) {
            reads.set(0);
            PanelView.Preload early = PanelView.Preload.start(genshot, project);
            early.loaded().get(30, TimeUnit.SECONDS);
            if (changed) {
                // the clip before the gap renamed after the early read began, as an editor's save would
                Files.writeString(project, Files.readString(project).replace(
                        "<property name=\"kdenlive:clipname\">A.mp4</property>",
                        "<property name=\"kdenlive:clipname\">Door.mp4</property>"));
                Files.setLastModifiedTime(project, java.nio.file.attribute.FileTime.fromMillis(
                        Files.getLastModifiedTime(project).toMillis() + 2000));
            }
            if (view != null) {
                view.dispose();
            }
            WaitForAsyncUtils.asyncFx(() -> {
                view = PanelView.ahead(genshot, new HumbleMediaDecoder());
                stage.setScene(view.scene(PanelComponent.WIDTH, PanelComponent.HEIGHT));
                view.open(project, early);
                stage.show();
            }).get(10, TimeUnit.SECONDS);
            settle();
            assertEquals(changed ? 2 : 1, reads.get(), changed ? "read again" : "the early read is used");
            assertTrue(text(robot, "#beforeLabel").contains(changed ? "Door.mp4" : "A.mp4"),
                    text(robot, "#beforeLabel"));
            assertEquals(1, ((TableView<?>) node(robot, "#gaps")).getItems().size());
            assertFalse(node(robot, "#openEmpty").getParent().isVisible(), "no invitation over an open project");
            assertFalse(node(robot, "#gaps").isDisabled(), "the columns are enabled");
            assertNotNull(node(robot, "#prompt").getScene(), "the form is in the window");
            assertNotNull(node(robot, "#takes").getScene(), "so are the takes");
            assertNotNull(((Button) node(robot, "#generate")).getTooltip(), "the tooltips are made by then");
            assertNotNull(((javafx.scene.control.Control) node(robot, "#seed")).getTooltip(), "the form's too");
        }
        // made ahead, then no project after all: the invitation to open one
        WaitForAsyncUtils.asyncFx(() -> view.open(null)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(node(robot, "#openEmpty").getParent().isVisible());
        assertTrue(node(robot, "#gaps").isDisabled());
    }

    @Test
    void withoutAProjectItOffersToOpenOne(FxRobot robot) throws Exception {
        show(List.of(new SlugGenerator()));
        WaitForAsyncUtils.asyncFx(() -> view.open(null)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(node(robot, "#openEmpty").isVisible());
        assertTrue(((Button) node(robot, "#generate")).isDisabled());
    }
}
