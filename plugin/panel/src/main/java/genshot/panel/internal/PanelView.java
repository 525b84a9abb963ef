package genshot.panel.internal;

import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import genshot.api.LiveSession;
import genshot.api.LiveState;
import genshot.api.UndoResult;
import genshot.api.GenshotException;
import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import genshot.api.Progress;
import genshot.api.ProjectSummary;
import genshot.api.Take;
import genshot.timeline.GapSlot;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The "Generate shot" panel, built in code. Every call into genshot runs off the FX thread (reads on a pool,
 * writes one at a time on their own thread), so the window never freezes; results come back on the FX thread.
 */
final class PanelView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** The frames around the gap: two side by side in the left column at its narrowest (a quarter of 1200). */
    private static final int NEIGHBOUR_W = 138;
    private static final int NEIGHBOUR_H = 78;
    private static final DateTimeFormatter MADE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Genshot genshot;
    private final MediaDecoder decoder;
    private final ExecutorService work = Executors.newSingleThreadExecutor(daemon("genshot-panel-work"));
    private final ExecutorService io = Executors.newFixedThreadPool(3, daemon("genshot-panel-io"));
    /**
     * Everything that decodes pictures, one at a time (the decoder is serial anyway), most wanted first: the frames
     * around the selected gap before the takes' thumbnails.
     */
    private final java.util.concurrent.ThreadPoolExecutor pictures = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            0, java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.PriorityBlockingQueue<>(),
            daemon("genshot-panel-pictures"));
    private final java.util.concurrent.atomic.AtomicLong pictureSeq = new java.util.concurrent.atomic.AtomicLong();
    static final int FIRST = 0;
    static final int LATER = 1;
    /** What the panel has shown, in order (for tests): "project", "neighbour", "generators", "thumbnail", "format". */
    private Consumer<String> events = e -> { };
    private final ProjectWatcher watcher;
    /** The first read of the project being opened, begun before the view was ready; used once, by reload. */
    private Preload preload;
    private final Player player;
    private final AtomicInteger pending = new AtomicInteger();
    private final List<Runnable> idle = new ArrayList<>();
    private final Map<String, Image> thumbs = new HashMap<>();
    /** The format each take's file is really written in, read from the file with its thumbnail. */
    private final Map<String, String> formats = new HashMap<>();
    /** What each take with alpha is shown over (the tracks below it), read with its thumbnail. */
    private final Map<String, Backdrop> backdrops = new HashMap<>();
    private static final Backdrop NONE = new Backdrop(null, null);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Generate shot — genshot");

    // state
    private Path project;
    /** Adds the form and the takes' column to the window, after its first frame; null once done. */
    private Runnable rest;
    private boolean framed;
    private static final long REST_WAIT_MS = 400;
    /** Made ahead and not opened yet: see {@link #ahead}. */
    private boolean awaitingOpen;
    private ProjectSummary summary;
    private List<Take> takes = List.of();
    private List<GeneratorInfo> generators;
    private List<Slot> slots = List.of();
    private Slot selected;
    private Take selectedTake;
    private String wantKey;
    private String wantTake;
    private long loadSeq;
    private long neighbourSeq;
    private boolean busy;
    private boolean playing;
    private AtomicBoolean cancel = new AtomicBoolean();

    // nodes
    private final BorderPane root = new BorderPane();
    private final StackPane centre = new StackPane();
    private final VBox empty = new VBox(10);
    private final Label projectName = new Label("No project");
    private final Label projectInfo = new Label();
    private final Label watchState = new Label();
    private final Button open = new Button("Open…");
    private final Button reload = new Button("Reload");
    private final TimelineStrip strip = new TimelineStrip();
    private final TableView<Slot> gaps = new TableView<>();
    private final VBox left = new VBox();
    private final ImageView before = new ImageView();
    private final ImageView after = new ImageView();
    private final Label beforeLabel = new Label();
    private final Label afterLabel = new Label();
    /** The controls' tooltips, made with the rest of the view after the window's first frame. */
    private final Tips tips = Tips.later();
    private final ShotForm form = new ShotForm(tips);
    private final Button generate = new Button("Generate");
    private final Button cancelButton = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label phase = new Label("Ready");
    private final Label takesTitle = new Label("Takes");
    private final ListView<Take> takeList = new ListView<>();
    private final ImageView preview = new ImageView();
    private final Label previewEmpty = new Label("No take yet: describe the shot and press Generate.");
    private final Button play = new Button("Play");
    private final CheckBox loop = new CheckBox("Loop");
    private final Label frameLabel = new Label();
    private final GridPane takeInfo = new GridPane();
    private final Button useSettings = new Button("Use settings");
    private final Button copyTakeSeed = new Button("Copy seed");
    private final Button insert = new Button("Insert");
    private final Button replace = new Button("Replace");
    private final Button undo = new Button("Undo");
    /** Whether the project's journal has an insertion of genshot's to undo (as last read). */
    private boolean canUndo;
    private final HBox message = new HBox(8);
    private final Label messageIcon = new Label();
    private final Label messageText = new Label();
    private final Label messageDetail = new Label();
    private final Button messageAction = new Button();
    private final Label liveState = new Label();
    private final java.util.concurrent.ScheduledExecutorService liveTimer =
            Executors.newSingleThreadScheduledExecutor(daemon("genshot-panel-live"));
    private final AtomicBoolean liveAsking = new AtomicBoolean();
    /** The dropped insertions the user was already told about (take ids), so a message is not shown twice. */
    private final java.util.Set<String> droppedShown = new java.util.HashSet<>();
    private volatile LiveState live;

    PanelView(Genshot genshot, MediaDecoder decoder) {
        this(genshot, decoder, 1000);
    }

    PanelView(Genshot genshot, MediaDecoder decoder, long watchMillis) {
        this(genshot, decoder, watchMillis, false);
    }

    private PanelView(Genshot genshot, MediaDecoder decoder, long watchMillis, boolean ahead) {
        this.genshot = genshot;
        this.decoder = new SerialDecoder(decoder);
        this.watcher = new ProjectWatcher(watchMillis);
        this.player = new Player(this.decoder);
        this.awaitingOpen = ahead;
        build();
    }

    /**
     * A view made before it is known what it will show ({@code genshot panel} makes it while the command line
     * starts): until {@link #open} it keeps the look of an open project rather than the invitation to open one, so
     * that opening the project, the usual case, restyles nothing (enabling the columns again would restyle them all).
     */
    static PanelView ahead(Genshot genshot, MediaDecoder decoder) {
        return new PanelView(genshot, decoder, 1000, true);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    Parent root() {
        return root;
    }

    javafx.beans.property.ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** A scene with the panel's dark theme and keys: Enter generates, Esc cancels, Ctrl+O opens. */
    Scene scene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(stylesheet());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        scene.addPostLayoutPulseListener(this::afterLayout);
        return scene;
    }

    /**
     * After each frame's layout until the rest of the view is in: once the window shows what it shows first (the
     * project read, or the invitation to open one, or why the project cannot be read), or at the latest
     * {@value #REST_WAIT_MS} ms after its first frame, the form and the takes' column are added, in the next frame.
     */
    private void afterLayout() {
        if (rest == null) {
            return;
        }
        if (!framed) {
            framed = true;
            // no frame comes while nothing changes: a slow read must not keep the form out of sight
            try {
                liveTimer.schedule(() -> Platform.runLater(this::showRest), REST_WAIT_MS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the panel is closing
            }
        }
        if (project == null || summary != null || message.isVisible()) {
            Platform.runLater(this::showRest);
        }
    }

    /** Adds the form and the takes' column, and makes the tooltips (see {@link #afterLayout}); once. */
    private void showRest() {
        if (rest == null) {
            return;
        }
        Runnable r = rest;
        rest = null;
        try {
            r.run();
            tips.now();
        } finally {
            finished();
        }
    }

    static String stylesheet() {
        try (InputStream in = PanelView.class.getResourceAsStream("panel.css")) {
            if (in == null) {
                return "";
            }
            return "data:text/css;base64," + Base64.getEncoder().encodeToString(in.readAllBytes());
        } catch (IOException e) {
            return "";
        }
    }

    private void key(KeyEvent e) {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        if (e.getCode() == KeyCode.ENTER) {
            if (focus instanceof ComboBoxBase<?> c && c.isShowing()) {
                return;
            }
            if (focus instanceof TextArea ta && e.isShiftDown()) {
                ta.replaceSelection("\n");
                e.consume();
                return;
            }
            if (focus instanceof ButtonBase b && b != generate) {
                b.fire();
                e.consume();
                return;
            }
            if (!e.isAltDown()) {
                generate();
                e.consume();
            }
        } else if (e.getCode() == KeyCode.ESCAPE) {
            if (busy) {
                cancel();
                e.consume();
            } else if (playing) {
                stopPlaying();
                e.consume();
            }
        } else if (new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN).match(e)) {
            chooseProject();
            e.consume();
        } else if (e.getCode() == KeyCode.F5) {
            reload();
            e.consume();
        }
    }

    // ------------------------------------------------------------------------------------------ layout

    private void build() {
        root.getStyleClass().add("genshot-panel");

        open.setId("open");
        open.setOnAction(e -> chooseProject());
        tips.set(open, "Open a Kdenlive or OpenShot project (Ctrl+O)");
        reload.setId("reload");
        reload.setOnAction(e -> reload());
        tips.set(reload, "Read the project file again (F5); it is also followed on its own");
        projectName.setId("projectName");
        projectName.getStyleClass().add("project-name");
        projectInfo.setId("projectInfo");
        projectInfo.getStyleClass().add("dim");
        watchState.setId("watchState");
        watchState.getStyleClass().add("dim");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        liveState.setId("liveState");
        liveState.getStyleClass().add("live-state");
        tips.set(liveState, "The editor that has this project open, as genshot sees it. genshot refuses to"
                + " write while the editor holds unsaved changes, and makes Kdenlive reload after each change");
        HBox bar = new HBox(8, open, projectName, projectInfo, grow, liveState, watchState, reload);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("toolbar");

        strip.setId("timeline");
        strip.setOnSelect(this::select);
        VBox top = new VBox(bar, strip);

        // left: gaps and the frames around the selected one
        gaps.setId("gaps");
        gaps.setPlaceholder(new Label("No gaps on the video tracks"));
        gaps.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        gaps.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        gaps.getColumns().add(column("Gap", s -> s.label(), 58));
        gaps.getColumns().add(column("Start", s -> timecode(s.range().start()), 78));
        gaps.getColumns().add(column("Length", s -> s.range().duration() + " f · " + seconds(s.range().duration()), 82));
        gaps.getColumns().add(column("Seen", s -> s.isGap() ? (s.visible() ? "yes" : "covered") : "take", 56));
        gaps.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Slot s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().remove("filled");
                if (!empty && s != null && !s.isGap()) {
                    getStyleClass().add("filled");
                }
                setTooltip(empty || s == null ? null : new Tooltip(s.isGap()
                        ? "Gap " + s.gapId() + " on " + s.track() + (s.visible() ? "" : " (covered by a higher track)")
                        : s.track() + " filled by genshot take " + s.inPlace() + ": pick another take and Replace"));
            }
        });
        gaps.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null && (selected == null || !s.key().equals(selected.key()))) {
                select(s);
            }
        });
        for (ImageView v : List.of(before, after)) {
            v.setFitWidth(NEIGHBOUR_W);
            v.setFitHeight(NEIGHBOUR_H);
            v.setPreserveRatio(true);
        }
        before.setId("before");
        after.setId("after");
        beforeLabel.setId("beforeLabel");
        afterLabel.setId("afterLabel");
        VBox beforeBox = thumbBox(before, beforeLabel);
        VBox afterBox = thumbBox(after, afterLabel);
        HBox neighbours = new HBox(6, beforeBox, afterBox);
        neighbours.getStyleClass().add("neighbours");
        left.getChildren().setAll(section("Gaps"), gaps, section("Around the gap"), neighbours);
        left.setSpacing(6);
        VBox.setVgrow(gaps, Priority.ALWAYS);
        left.setPadding(new Insets(6));
        left.setMinWidth(LEFT_MIN);

        // middle: the shot form and the generate row
        generate.setId("generate");
        generate.setDefaultButton(false);
        generate.getStyleClass().add("accent");
        tips.set(generate, "Generate a take for the selected gap (Enter)");
        generate.setOnAction(e -> generate());
        cancelButton.setId("cancel");
        tips.set(cancelButton, "Stop the generation (Esc); nothing is written");
        cancelButton.setOnAction(e -> cancel());
        progress.setId("progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        phase.setId("phase");
        phase.getStyleClass().add("dim");
        phase.setWrapText(true);
        phase.setMinHeight(Region.USE_PREF_SIZE);
        generate.setMinWidth(Region.USE_PREF_SIZE);
        cancelButton.setMinWidth(Region.USE_PREF_SIZE);
        HBox run = new HBox(8, generate, cancelButton, progress);
        run.setAlignment(Pos.CENTER_LEFT);
        VBox formBox = new VBox(8, section("Shot"), form);
        formBox.setPadding(new Insets(6));
        ScrollPane formScroll = new ScrollPane(formBox);
        formScroll.setFitToWidth(true);
        formScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // the Generate row stays in sight below the form, however tall the form gets
        VBox runBox = new VBox(4, run, phase);
        runBox.setId("generateRow");
        runBox.getStyleClass().add("generate-row");
        runBox.setPadding(new Insets(6));
        BorderPane middle = new BorderPane();
        middle.setMinWidth(360);

        // right: the takes of the selected gap, a player, the take's facts and what to do with it
        takesTitle.getStyleClass().add("section");
        takeList.setId("takes");
        takeList.setOrientation(Orientation.HORIZONTAL);
        takeList.setPrefHeight(120);
        takeList.setMinHeight(120);
        takeList.setPlaceholder(new Label("No takes for this gap yet"));
        takeList.setCellFactory(l -> new TakeCell());
        takeList.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> selectTake(t));
        preview.setId("preview");
        preview.setPreserveRatio(true);
        preview.setFitWidth(360);
        preview.setFitHeight(203);
        previewEmpty.getStyleClass().add("dim");
        previewEmpty.setWrapText(true);
        StackPane screen = new StackPane(previewEmpty, preview);
        screen.getStyleClass().add("screen");
        screen.setMinHeight(140);
        screen.setPrefHeight(210);
        preview.fitWidthProperty().bind(screen.widthProperty().subtract(8));
        preview.fitHeightProperty().bind(screen.heightProperty().subtract(8));
        play.setId("play");
        play.setOnAction(e -> togglePlay());
        tips.set(play, "Play the take (decoded by genshot, at the project's rate)");
        loop.setId("loop");
        frameLabel.setId("frame");
        frameLabel.getStyleClass().add("dim");
        HBox playRow = new HBox(8, play, loop, frameLabel);
        playRow.setAlignment(Pos.CENTER_LEFT);
        takeInfo.setId("takeInfo");
        takeInfo.setHgap(8);
        takeInfo.setVgap(2);
        useSettings.setId("useSettings");
        tips.set(useSettings, "Put this take's prompt, generator and seed into the form");
        useSettings.setOnAction(e -> {
            if (selectedTake != null) {
                form.useRequest(selectedTake.request());
            }
        });
        copyTakeSeed.setId("copyTakeSeed");
        copyTakeSeed.setOnAction(e -> {
            if (selectedTake != null) {
                ShotForm.copy(Long.toString(selectedTake.request().seed()));
                say(Messages.info("Seed " + selectedTake.request().seed() + " copied.", null));
            }
        });
        insert.setId("insert");
        insert.getStyleClass().add("accent");
        tips.set(insert, "Put the chosen take into its gap and save the project (a backup is kept)");
        insert.setOnAction(e -> insert());
        replace.setId("replace");
        tips.set(replace, "Swap the take in place for the chosen one and save the project");
        replace.setOnAction(e -> replace());
        undo.setId("undo");
        tips.set(undo, "Restore the project as it was before genshot's last insertion");
        undo.setOnAction(e -> undo());
        // one row while it fits, two when the column is narrow: buttons are never cut short
        javafx.scene.layout.FlowPane actions = new javafx.scene.layout.FlowPane(6, 6, insert, replace, undo,
                spacer(10), useSettings, copyTakeSeed);
        actions.setId("takeActions");
        VBox right = new VBox(6);
        VBox.setVgrow(screen, Priority.ALWAYS);
        right.setPadding(new Insets(6));
        right.setMinWidth(300);
        // the form and the takes' column join the window once its first frame is drawn (see afterLayout): styling
        // their controls is most of the work of a first frame, and the project's name, timeline and gaps come first
        rest = () -> {
            middle.setCenter(formScroll);
            middle.setBottom(runBox);
            right.getChildren().setAll(takesTitle, takeList, screen, playRow, takeInfo, actions);
        };
        pending.incrementAndGet();

        SplitPane split = new SplitPane(left, middle, right);
        split.setDividerPositions(0.26, 0.62);
        SplitPane.setResizableWithParent(left, false);

        // empty state: offer to open a project
        Button openBig = new Button("Open a Kdenlive or OpenShot project…");
        openBig.setId("openEmpty");
        openBig.getStyleClass().add("accent");
        openBig.setOnAction(e -> chooseProject());
        Label hint = new Label("or drop a .kdenlive or .osp file here");
        hint.getStyleClass().add("dim");
        empty.getChildren().addAll(openBig, hint);
        empty.setAlignment(Pos.CENTER);
        empty.getStyleClass().add("empty-state");
        centre.getChildren().addAll(split, empty);

        // messages: one plain sentence and what to do
        message.setId("message");
        message.getStyleClass().add("message");
        messageIcon.getStyleClass().add("message-icon");
        messageText.setId("messageText");
        messageText.getStyleClass().add("message-text");
        messageText.setWrapText(true);
        messageDetail.setId("messageDetail");
        messageDetail.getStyleClass().add("message-detail");
        messageDetail.setWrapText(true);
        Button close = new Button("×");
        close.getStyleClass().add("flat");
        close.setOnAction(e -> say(null));
        VBox words = new VBox(2, messageText, messageDetail);
        HBox.setHgrow(words, Priority.ALWAYS);
        messageAction.setId("messageAction");
        messageAction.getStyleClass().add("accent");
        messageAction.setVisible(false);
        messageAction.setManaged(false);
        message.getChildren().addAll(messageIcon, words, messageAction, close);
        message.setAlignment(Pos.CENTER_LEFT);
        say(null);

        root.setTop(top);
        root.setCenter(centre);
        root.setBottom(message);
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                open(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        showProject();
        updateButtons();
        liveTimer.scheduleWithFixedDelay(() -> Platform.runLater(this::askLive), 4, 4,
                java.util.concurrent.TimeUnit.SECONDS);
    }

    private static Region spacer(double width) {
        Region r = new Region();
        r.setPrefWidth(width);
        return r;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    private static VBox thumbBox(ImageView view, Label label) {
        label.getStyleClass().add("dim");
        label.setWrapText(true);
        label.setMaxWidth(NEIGHBOUR_W);
        StackPane frame = new StackPane(view);
        frame.getStyleClass().add("thumb");
        frame.setMinSize(NEIGHBOUR_W, NEIGHBOUR_H);
        frame.setPrefSize(NEIGHBOUR_W, NEIGHBOUR_H);
        return new VBox(3, frame, label);
    }

    /**
     * Every column of the gap list at least as wide as its widest text (a long gap's "90000 f · 3600.00 s" too), so
     * that no cell is cut short; the last column takes what is left.
     */
    private void fitColumns() {
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(projectInfo.getFont());
        double all = 0;
        for (TableColumn<Slot, ?> c : gaps.getColumns()) {
            probe.setText(c.getText());
            double w = probe.getLayoutBounds().getWidth();
            for (Slot s : slots) {
                Object v = c.getCellData(s);
                probe.setText(v == null ? "" : v.toString());
                w = Math.max(w, probe.getLayoutBounds().getWidth());
            }
            double need = Math.ceil(w) + 14;
            double base = (double) c.getProperties().computeIfAbsent("genshot.width", k -> c.getPrefWidth());
            c.setMinWidth(need);
            c.setPrefWidth(Math.max(need, base));
            all += need;
        }
        // the column gets as wide as the table needs (borders, a vertical scroll bar, padding): the form gives way
        left.setMinWidth(Math.max(LEFT_MIN, Math.ceil(all) + 2 + 16 + 12));
    }

    private static final double LEFT_MIN = 250;

    private TableColumn<Slot, String> column(String name, java.util.function.Function<Slot, String> value, double width) {
        TableColumn<Slot, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /** A range as genshot writes it everywhere: {@code 50+25 (00:00:02:00+00:00:01:00)}. */
    private String range(genshot.timeline.TimeRange r) {
        return summary == null ? r.toString() : r.text(summary.timeline().rate());
    }

    private String timecode(long frames) {
        return summary == null ? Long.toString(frames) : Slot.timecode(frames, summary.timeline().rate());
    }

    private String seconds(long frames) {
        return summary == null ? "" : String.format(java.util.Locale.ROOT, "%.2f s",
                summary.timeline().rate().secondsOf(frames));
    }

    // ------------------------------------------------------------------------------------------ background work

    /** Runs {@code job} on {@code on}; {@code ok} or {@code failed} then run on the FX thread. */
    private <T> void run(java.util.concurrent.Executor on, Callable<T> job, Consumer<T> ok, Consumer<Throwable> failed) {
        pending.incrementAndGet();
        try {
            on.execute(() -> {
                AtomicReference<T> value = new AtomicReference<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                try {
                    value.set(job.call());
                } catch (Throwable t) {
                    failure.set(t);
                }
                Platform.runLater(() -> {
                    try {
                        if (failure.get() == null) {
                            ok.accept(value.get());
                        } else {
                            failed.accept(failure.get());
                        }
                    } catch (RuntimeException e) {
                        say(Messages.of(e));
                    } finally {
                        finished();
                    }
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            pending.decrementAndGet();
        }
    }

    /** One piece of background work is done; those waiting for none to be left run once it is so. */
    private void finished() {
        if (pending.decrementAndGet() == 0) {
            List<Runnable> waiting = new ArrayList<>(idle);
            idle.clear();
            waiting.forEach(Platform::runLater);
        }
    }

    /** A picture job of this rank (FIRST before LATER; in order within a rank). */
    private java.util.concurrent.Executor pictures(int rank) {
        return r -> pictures.execute(new Ranked(rank, pictureSeq.incrementAndGet(), r));
    }

    private record Ranked(int rank, long seq, Runnable job) implements Runnable, Comparable<Ranked> {
        @Override
        public void run() {
            job.run();
        }

        @Override
        public int compareTo(Ranked o) {
            return rank != o.rank ? Integer.compare(rank, o.rank) : Long.compare(seq, o.seq);
        }
    }

    /** Tells {@code listener} (on the FX thread) what the panel shows as it shows it. */
    void onEvent(Consumer<String> listener) {
        events = listener == null ? e -> { } : listener;
    }

    /** Runs {@code r} on the FX thread once no background work is left (for screenshots and tests). */
    void whenIdle(Runnable r) {
        if (pending.get() == 0) {
            Platform.runLater(r);
        } else {
            idle.add(r);
        }
    }

    boolean isBusy() {
        return busy;
    }

    // ------------------------------------------------------------------------------------------ project

    void chooseProject() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a project");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Video editor projects (*.kdenlive, *.osp)", "*.kdenlive", "*.osp"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (project != null && project.getParent() != null) {
            chooser.setInitialDirectory(project.getParent().toFile());
        }
        Window w = root.getScene() == null ? null : root.getScene().getWindow();
        java.io.File f = chooser.showOpenDialog(w);
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Opens a project (null: shows the invitation to open one) and follows its file from now on. */
    void open(Path file) {
        open(file, null);
    }

    /**
     * Opens a project as {@link #open(Path)} does, taking its first read from {@code early} (started before the view
     * was ready) when that read is of this file and the file has not changed since it began.
     */
    void open(Path file, Preload early) {
        awaitingOpen = false;
        preload = early != null && file != null && early.project().equals(file.toAbsolutePath().normalize())
                && early.signature().equals(ProjectWatcher.signature(early.project())) ? early : null;
        stopPlaying();
        if (file == null) {
            project = null;
            showProject();
            return;
        }
        project = file.toAbsolutePath().normalize();
        summary = null;
        takes = List.of();
        slots = List.of();
        selected = null;
        selectedTake = null;
        wantKey = null;
        wantTake = null;
        thumbs.clear();
        formats.clear();
        backdrops.clear();
        say(null);
        if (!busy) {
            phase.setText("Ready");
            progress.setProgress(0);
        }
        showProject();
        Path followed = project;
        watcher.watch(followed, () -> Platform.runLater(() -> {
            if (followed.equals(project)) {
                reload();
            }
        }));
        reload();
    }

    Path project() {
        return project;
    }

    private void showProject() {
        boolean none = project == null && !awaitingOpen;
        empty.setVisible(none);
        centre.getChildren().get(0).setDisable(none);
        if (project == null) {
            projectName.setText("No project");
            projectInfo.setText("");
            watchState.setText("");
            title.set("Generate shot — genshot");
            strip.show(null, List.of(), "");
        } else {
            projectName.setText(project.getFileName().toString());
            tips.set(projectName, project.toString());
            title.set(project.getFileName() + " — Generate shot — genshot");
        }
        updateButtons();
    }

    /** A project read: its timeline and gaps, its takes, and whether undo has an insertion to restore. */
    private record Loaded(ProjectSummary summary, List<Take> takes, boolean canUndo) {

        /** Reads them in this order: the takes' read finishes a save a killed process left, which undo counts. */
        static Loaded read(Genshot genshot, Path p) {
            ProjectSummary summary = genshot.open(p);
            List<Take> takes = genshot.takes(p);
            return new Loaded(summary, takes, genshot.canUndo(p));
        }
    }

    /**
     * A project's first read (summary and takes) and the generators' list, started on threads of their own as soon
     * as {@code genshot panel} knows the project, while the window is still being made: see {@link #open(Path,
     * Preload)}. {@code signature} is the file's state ({@link ProjectWatcher#signature}) before the read began.
     */
    record Preload(Path project, String signature, java.util.concurrent.CompletableFuture<Loaded> loaded,
                   java.util.concurrent.CompletableFuture<List<GeneratorInfo>> generators) {

        static Preload start(Genshot genshot, Path project) {
            Path p = project.toAbsolutePath().normalize();
            String signature = ProjectWatcher.signature(p);
            java.util.concurrent.Executor own = r -> daemon("genshot-panel-preload").newThread(r).start();
            return new Preload(p, signature,
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> Loaded.read(genshot, p), own),
                    java.util.concurrent.CompletableFuture.supplyAsync(genshot::generators, own));
        }

        /** What a future gave, or the exception it failed with (as the read itself would have thrown it). */
        static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
            try {
                return f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                if (e.getCause() instanceof Error x) {
                    throw x;
                }
                throw e;
            }
        }
    }

    /** Reads the project, its takes and the generators again, keeping the selection by track and range. */
    void reload() {
        if (project == null) {
            return;
        }
        Path p = project;
        long seq = ++loadSeq;
        // the first read after open may have begun before the view was made
        Preload early = preload;
        preload = null;
        // the project first: its timeline and gaps are what the window shows first
        run(io, early != null ? () -> Preload.await(early.loaded())
                : () -> Loaded.read(genshot, p), l -> {
            if (seq == loadSeq && p.equals(project)) {
                apply(l);
            }
        }, e -> {
            if (seq == loadSeq) {
                say(Messages.of(e));
                watchState.setText("Could not read the project at " + LocalTime.now().format(CLOCK));
            }
        });
        // the generators are listed on their own: some take long to describe themselves (model packs), and the
        // timeline, the gaps and the frames around the gap must not wait for them
        run(io, early != null ? () -> Preload.await(early.generators()) : genshot::generators, g -> {
            if (!g.equals(generators)) {
                generators = g;
                form.setGenerators(g);
                if (selectedTake != null) {
                    selectTake(selectedTake, true);
                }
            }
            events.accept("generators");
            updateButtons();
        }, e -> {
            if (generators == null) {
                say(Messages.of(e));
            }
        });
    }

    private void apply(Loaded l) {
        summary = l.summary();
        takes = l.takes();
        canUndo = l.canUndo();
        events.accept("project");
        Timeline t = summary.timeline();
        slots = Slot.of(summary, takes);
        long gapCount = slots.stream().filter(Slot::isGap).count();
        projectInfo.setText(Messages.hostName(summary.host()) + " · " + t.width() + "×" + t.height() + " · "
                + ShotForm.fps(t) + " fps · " + Slot.timecode(t.duration(), t.rate()) + " · " + gapCount
                + (gapCount == 1 ? " gap" : " gaps"));
        watchState.setText("Following the file · read " + LocalTime.now().format(CLOCK));
        askLive();
        strip.show(t, slots, project.getFileName() + ".genshot");
        String key = wantKey != null ? wantKey : selected != null ? selected.key() : null;
        wantKey = null;
        Slot pick = best(key);
        gaps.getItems().setAll(slots);
        fitColumns();
        selected = null;
        select(pick);
    }

    /** The slot with this key, else one on the same track that holds or overlaps its range, else the first. */
    private Slot best(String key) {
        if (slots.isEmpty()) {
            return null;
        }
        if (key == null) {
            return slots.stream().filter(Slot::isGap).findFirst().orElse(slots.get(0));
        }
        for (Slot s : slots) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        String track = key.substring(0, key.indexOf('@'));
        String[] r = key.substring(key.indexOf('@') + 1).split("\\+");
        TimeRange range = new TimeRange(Long.parseLong(r[0]), Long.parseLong(r[1]));
        for (Slot s : slots) {
            if (s.track().equalsIgnoreCase(track) && s.range().contains(range)) {
                return s;
            }
        }
        for (Slot s : slots) {
            if (s.track().equalsIgnoreCase(track) && s.range().overlaps(range)) {
                return s;
            }
        }
        return slots.stream().filter(Slot::isGap).findFirst().orElse(slots.get(0));
    }

    // ------------------------------------------------------------------------------------------ selection

    private void select(Slot s) {
        boolean same = selected != null && s != null && selected.key().equals(s.key());
        selected = s;
        if (s == null) {
            gaps.getSelectionModel().clearSelection();
        } else if (gaps.getSelectionModel().getSelectedItem() == null
                || !gaps.getSelectionModel().getSelectedItem().key().equals(s.key())) {
            gaps.getSelectionModel().select(s);
            gaps.scrollTo(s);
        }
        strip.select(s == null ? null : s.key());
        if (!same) {
            form.setSlot(s, summary == null ? null : summary.timeline());
        }
        loadNeighbours(s);
        showTakes();
        updateButtons();
    }

    private void loadNeighbours(Slot s) {
        long seq = ++neighbourSeq;
        before.setImage(null);
        after.setImage(null);
        if (s == null || summary == null) {
            beforeLabel.setText("");
            afterLabel.setText("");
            return;
        }
        Timeline t = summary.timeline();
        neighbour(seq, Slot.shownAt(t, s.range().start() - 1), s.range().start() - 1, before, beforeLabel,
                "Last frame before", s.range().start() == 0 ? "The gap starts the timeline." : "Nothing shown before.");
        neighbour(seq, Slot.shownAt(t, s.range().end()), s.range().end(), after, afterLabel,
                "First frame after", "Nothing follows the gap.");
    }

    private void neighbour(long seq, Optional<Slot.Shown> shown, long frame, ImageView view, Label label, String what,
                           String none) {
        if (shown.isEmpty()) {
            label.setText(none);
            return;
        }
        Slot.Shown sh = shown.get();
        label.setText(what + " · " + timecode(frame) + " · " + sh.clip().name());
        Optional<Path> file = Slot.mediaFile(project, sh.clip().media());
        if (file.isEmpty()) {
            label.setText(label.getText() + " (no picture: the media is not a file genshot can read)");
            return;
        }
        genshot.timeline.Rate rate = summary.timeline().rate();
        run(pictures(FIRST), () -> frameOf(file.get(), sh.sourceFrame(), rate), img -> {
            if (seq == neighbourSeq) {
                view.setImage(img);
                events.accept("neighbour");
            }
        }, e -> {
            if (seq == neighbourSeq) {
                label.setText(what + ": " + Messages.of(e).headline());
            }
        });
    }

    /** One frame of a file; {@code frame} counts at {@code rate} (the timeline's) and is mapped to the file's. */
    private Image frameOf(Path file, long frame, genshot.timeline.Rate rate) {
        return Images.fit(rawFrameOf(file, frame, rate, 320, 180), 320, 180);
    }

    /** One frame of a file as decoded, shrunk to fit {@code maxW x maxH}; {@code frame} counts at {@code rate}. */
    private genshot.api.Frame rawFrameOf(Path file, long frame, genshot.timeline.Rate rate, int maxW, int maxH) {
        MediaInfo info = decoder.probe(file);
        long index = frame;
        if (!info.rate().equals(rate)) {
            index = Math.round(frame * info.rate().fps() / rate.fps());
        }
        if (info.frames() > 0) {
            index = Math.max(0, Math.min(index, info.frames() - 1));
        }
        AtomicReference<genshot.api.Frame> img = new AtomicReference<>();
        decoder.decode(file, index, 1, f -> img.set(Images.shrink(f, maxW, maxH)));
        if (img.get() == null) {
            throw GenshotException.of("panel.no-frame", "The frame could not be decoded", file, "frame " + index, null);
        }
        return img.get();
    }

    /** What a take's plate is shown over: the frame the tracks below show there, and what that is. */
    private record Backdrop(genshot.api.Frame frame, String what) {
    }

    /**
     * The frame the tracks below a take show at its {@code offset}-th frame (as the viewer would see the plate over
     * them), at most the player's size; null when nothing is below (or it cannot be read): then the checkerboard.
     */
    private Backdrop backdrop(Take t, long offset, Timeline timeline, Path projectFile) {
        if (timeline == null) {
            return null;
        }
        long frame = t.range().start() + offset;
        Optional<Slot.Shown> below = Slot.shownBelow(timeline, t.track(), frame);
        if (below.isEmpty()) {
            return null;
        }
        Optional<Path> file = Slot.mediaFile(projectFile, below.get().clip().media());
        if (file.isEmpty()) {
            return null;
        }
        try {
            return new Backdrop(rawFrameOf(file.get(), below.get().sourceFrame(), timeline.rate(), Player.MAX_W,
                    Player.MAX_H), below.get().track() + " · " + below.get().clip().name());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The takes of the selected slot, newest first; picks the one wanted, the one in place, or the newest. */
    private void showTakes() {
        List<Take> mine = new ArrayList<>();
        if (selected != null) {
            for (Take t : takes) {
                if (selected.holds(t)) {
                    mine.add(0, t);
                }
            }
        }
        takesTitle.setText(selected == null ? "Takes" : "Takes for " + selected.label() + " (" + mine.size() + ")");
        String keep = wantTake != null ? wantTake : selectedTake != null ? selectedTake.id() : null;
        wantTake = null;
        takeList.getItems().setAll(mine);
        Take pick = null;
        for (Take t : mine) {
            if (t.id().equals(keep)) {
                pick = t;
            }
        }
        if (pick == null && selected != null && selected.inPlace() != null) {
            pick = mine.stream().filter(t -> t.id().equals(selected.inPlace())).findFirst().orElse(null);
        }
        if (pick == null && !mine.isEmpty()) {
            pick = mine.get(0);
        }
        if (pick == null) {
            takeList.getSelectionModel().clearSelection();
            selectTake(null);
        } else {
            takeList.getSelectionModel().select(pick);
            takeList.scrollTo(pick);
            selectTake(pick);
        }
        Timeline timeline = summary == null ? null : summary.timeline();
        Path projectFile = project;
        for (Take t : mine) {
            if (!thumbs.containsKey(t.id())) {
                thumbs.put(t.id(), null);
                run(pictures(LATER), () -> {
                    AtomicReference<genshot.api.Frame> raw = new AtomicReference<>();
                    long middle = Math.max(0, t.range().duration() / 2);
                    decoder.decode(t.file(), middle, 1, f -> raw.set(f.copy()));
                    genshot.api.Frame f = raw.get();
                    if (f == null) {
                        return null;
                    }
                    boolean alpha = f.alpha() != null;
                    // a plate: over what the tracks below show there (decoded after, never inside, the take's decode)
                    Backdrop under = alpha ? backdrop(t, middle, timeline, projectFile) : null;
                    return new Thumb(Images.fit(f, 320, 180, under == null ? null : under.frame()),
                            describe(t.file(), alpha), under);
                }, th -> {
                    if (th == null) {
                        return;
                    }
                    thumbs.put(t.id(), th.image());
                    formats.put(t.id(), th.format());
                    backdrops.put(t.id(), th.under() == null ? NONE : th.under());
                    takeList.refresh();
                    events.accept("thumbnail");
                    if (selectedTake != null && selectedTake.id().equals(t.id())) {
                        if (!playing) {
                            preview.setImage(th.image());
                        }
                        selectTake(selectedTake, true);
                    }
                }, e -> thumbs.remove(t.id()));
            }
        }
    }

    private record Thumb(Image image, String format, Backdrop under) {
    }

    /** What a take's file holds, as read from it: "QuickTime Animation (qtrle), with alpha · 4.1 MB". */
    static String describe(Path file, boolean alpha) {
        TakeFormat f = TakeFormat.of(file);
        String name = f.known() ? f.name() : "unknown format";
        long bytes;
        try {
            bytes = java.nio.file.Files.size(file);
        } catch (IOException e) {
            bytes = -1;
        }
        return name + (alpha ? ", with alpha" : "") + (bytes < 0 ? "" : " · " + size(bytes));
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.0f kB", bytes / 1e3);
        }
        return String.format(java.util.Locale.ROOT, bytes < 100_000_000 ? "%.1f MB" : "%.0f MB", bytes / 1e6);
    }

    private void selectTake(Take t) {
        selectTake(t, false);
    }

    /** Shows a take's facts; {@code refresh}: the same take again, with what has arrived since (format, model). */
    private void selectTake(Take t, boolean refresh) {
        if (!refresh && t != null && selectedTake != null && t.id().equals(selectedTake.id())
                && preview.getImage() != null) {
            selectedTake = t;
            updateButtons();
            return;
        }
        if (!refresh) {
            stopPlaying();
            preview.setImage(t == null ? null : thumbs.get(t.id()));
        }
        selectedTake = t;
        takeInfo.getChildren().clear();
        previewEmpty.setVisible(t == null);
        frameLabel.setText(t == null ? "" : t.range().duration() + " frames");
        if (t != null) {
            int r = 0;
            String number = "#" + (takes.indexOf(t) + 1);
            Label take = info(r++, "Take", number + " · " + t.created().atZone(ZoneId.systemDefault())
                    .truncatedTo(ChronoUnit.MINUTES).format(MADE) + " on " + t.device()
                    + (selected != null && t.id().equals(selected.inPlace()) ? " · in the project" : ""));
            take.setTooltip(new Tooltip(t.file().toString()));
            info(r++, "Prompt", t.request().prompt().isEmpty() ? "—" : t.request().prompt());
            if (!t.request().negativePrompt().isEmpty()) {
                info(r++, "Negative", t.request().negativePrompt());
            }
            String model = generators == null ? null : generators.stream()
                    .filter(g -> g.id().equals(t.request().generator())).map(GeneratorInfo::model)
                    .filter(m -> m != null).findFirst().orElse(null);
            info(r++, "Generator", t.generatorTitle() + " (" + t.request().generator() + ")"
                    + (model == null ? "" : " · " + model));
            info(r++, "Seed", Long.toString(t.request().seed()));
            if (!t.request().parameters().isEmpty()) {
                info(r++, "Parameters", new java.util.TreeMap<>(t.request().parameters()).toString()
                        .replaceAll("[{}]", ""));
            }
            info(r++, "Range", t.track() + " · " + range(t.range()));
            String format = formats.get(t.id());
            info(r++, "Format", format == null ? "reading…" : format).setTooltip(new Tooltip(t.file().getFileName().toString()));
            Backdrop under = backdrops.get(t.id());
            if (format != null && format.contains("with alpha")) {
                info(r++, "Over", under == null || under.what() == null ? "a checkerboard (no track below)"
                        : under.what() + " (the track below, still)");
            }
        }
        updateButtons();
    }

    private Label info(int row, String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("form-label");
        Label v = new Label(value);
        v.setWrapText(true);
        v.setId("take-" + name.toLowerCase(java.util.Locale.ROOT));
        takeInfo.addRow(row, n, v);
        return v;
    }

    private final class TakeCell extends ListCell<Take> {
        private final ImageView thumb = new ImageView();
        private final Label text = new Label();
        private final Label seed = new Label();
        private final VBox box = new VBox(1, thumb, text, seed);

        TakeCell() {
            thumb.setFitWidth(112);
            thumb.setFitHeight(63);
            thumb.setPreserveRatio(true);
            text.getStyleClass().add("take-caption");
            seed.getStyleClass().addAll("take-caption", "dim");
            box.setAlignment(Pos.CENTER);
            box.setPrefWidth(116);
            getStyleClass().add("take-cell");
        }

        @Override
        protected void updateItem(Take t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            thumb.setImage(thumbs.get(t.id()));
            boolean inPlace = selected != null && t.id().equals(selected.inPlace());
            // the seed on a line of its own: sixteen digits fill the cell's width
            text.setText("#" + (takes.indexOf(t) + 1) + " · " + t.request().generator() + (inPlace ? " ●" : ""));
            seed.setText(Long.toString(t.request().seed()));
            setTooltip(new Tooltip((t.request().prompt().isEmpty() ? "(no prompt)" : t.request().prompt())
                    + "\nseed " + t.request().seed() + (inPlace ? "\nin the project" : "")));
            setGraphic(box);
        }
    }

    // ------------------------------------------------------------------------------------------ playback

    private void togglePlay() {
        if (playing) {
            stopPlaying();
            return;
        }
        Take t = selectedTake;
        if (t == null || summary == null) {
            return;
        }
        playing = true;
        play.setText("Stop");
        pending.incrementAndGet();
        long frames = t.range().duration();
        Backdrop under = backdrops.get(t.id());
        player.play(t.file(), frames, summary.timeline().rate(), loop.isSelected(), under == null ? null
                : under.frame(), preview::setImage,
                i -> frameLabel.setText("frame " + (i + 1) + " / " + frames + " · " + timecode(t.range().start() + i)),
                failure -> {
                    if (failure != null) {
                        say(Messages.of(failure));
                    }
                    if (selectedTake == t) {
                        playing = false;
                        play.setText("Play");
                    }
                    if (pending.decrementAndGet() == 0) {
                        List<Runnable> waiting = new ArrayList<>(idle);
                        idle.clear();
                        waiting.forEach(Platform::runLater);
                    }
                });
    }

    private void stopPlaying() {
        player.stop();
        playing = false;
        play.setText("Play");
    }

    // ------------------------------------------------------------------------------------------ generate

    /** Generates a take for the selected gap in the background. */
    void generate() {
        if (busy || project == null) {
            return;
        }
        Slot slot = selected;
        if (slot == null) {
            say(Messages.of(new genshot.api.Problem("panel.no-gap", "Select a gap first", null, null,
                    "click a gap in the list or on the timeline")));
            return;
        }
        ShotForm.Request request;
        try {
            request = form.next();
        } catch (RuntimeException e) {
            say(Messages.of(e));
            return;
        }
        Path p = project;
        AtomicBoolean stop = new AtomicBoolean();
        cancel = stop;
        busy = true;
        stopPlaying();
        say(null);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        phase.setText("Loading…");
        updateButtons();
        Relay relay = new Relay();
        Callable<Take> job = () -> {
            if (!slot.isGap()) {
                // a range filled by a genshot take: a new take for exactly that place (Replace puts it in)
                return genshot.generate(new FillRequest(p, slot.track(), slot.range(), request.shot()), relay,
                        stop::get);
            }
            ProjectSummary now = genshot.open(p);
            GapSlot gap = now.gaps().stream()
                    .filter(g -> g.track().equalsIgnoreCase(slot.track()) && g.range().equals(slot.range()))
                    .findFirst()
                    .or(() -> now.gaps().stream().filter(g -> g.track().equalsIgnoreCase(slot.track())
                            && g.range().contains(request.range() == null ? slot.range() : request.range())).findFirst())
                    .orElseThrow(() -> GenshotException.of("panel.gap-gone", "The gap on " + slot.track() + " at "
                            + timecode(slot.range().start()) + " is no longer in the project", p, null,
                            "the project was changed on disk: pick the gap again in the list"));
            return genshot.generate(new FillRequest(p, gap.id(), request.range(), request.shot()), relay, stop::get);
        };
        // the format named is the one in the file, not the one asked for
        run(work, () -> {
            Take made = job.call();
            return new Made(made, TakeFormat.of(made.file()));
        }, made -> {
            Take take = made.take();
            String format = made.format().known() ? ", " + made.format().name() : "";
            done();
            // one line: the seed is in the message and the take's facts
            phase.setText("Take ready: " + take.range().duration() + " frames" + format + ".");
            progress.setProgress(1);
            say(Messages.ok(slot.isGap() ? "The take is ready. Play it, then Insert it into the gap."
                    : "The take is ready. Play it, then Replace the take in place with it.",
                    "Seed " + take.request().seed() + " · " + take.generatorTitle() + " · kept beside the project in "
                            + p.getFileName() + ".genshot/takes/"));
            wantKey = selected == null ? slot.key() : selected.key();
            wantTake = take.id();
            reload();
        }, e -> {
            done();
            progress.setProgress(0);
            Messages m = Messages.of(e);
            phase.setText(m.kind() == Messages.Kind.ERROR ? "Failed." : m.headline());
            say(m);
        });
    }

    private record Made(Take take, TakeFormat format) {
    }

    private void done() {
        busy = false;
        updateButtons();
    }

    /** Stops a running generation within a step. */
    void cancel() {
        if (busy) {
            cancel.set(true);
            phase.setText("Cancelling…");
            cancelButton.setDisable(true);
        }
    }

    /** Progress from the worker, shown at most once per frame on the FX thread. */
    private final class Relay implements Progress {
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile String lastPhase = "loading";
        private volatile long generated;
        private volatile long encoded = -1;
        private volatile long total = -1;

        @Override
        public void report(String ph, long done, long all) {
            switch (ph) {
                case "generating" -> {
                    generated = done;
                    total = all;
                }
                case "encoding" -> encoded = done;
                default -> { }
            }
            lastPhase = ph;
            if (scheduled.compareAndSet(false, true)) {
                Platform.runLater(this::show);
            }
        }

        private void show() {
            scheduled.set(false);
            if (!busy || cancel.get()) {
                return;
            }
            long n = total;
            switch (lastPhase) {
                case "loading" -> {
                    phase.setText("Loading the project and the model…");
                    progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
                }
                case "saving" -> phase.setText("Saving…");
                default -> {
                    if (n <= 0) {
                        phase.setText(Messages.sentence(lastPhase) + "…");
                        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
                        return;
                    }
                    long enc = Math.max(0, encoded);
                    phase.setText("Generating frame " + generated + " of " + n
                            + (encoded >= 0 ? " · encoding " + enc + " of " + n : ""));
                    progress.setProgress(encoded >= 0 ? (generated + enc) / (2.0 * n) : generated / (double) n);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ insert, replace, undo

    void insert() {
        Take t = selectedTake;
        Slot s = selected;
        if (busy || t == null || s == null || !s.isGap()) {
            return;
        }
        change("Inserting…", () -> genshot.insert(project, t), r -> "Inserted take #" + (takes.indexOf(t) + 1)
                + " into " + t.track() + " at " + range(t.range()) + ".",
                Slot.key(t.track(), t.range()), t.id());
    }

    void replace() {
        Take t = selectedTake;
        Slot s = selected;
        if (busy || t == null || s == null || s.isGap() || t.id().equals(s.inPlace())) {
            return;
        }
        change("Replacing…", () -> genshot.replace(project, t), r -> "Replaced the take on " + t.track() + " at "
                + range(t.range()) + " with take #" + (takes.indexOf(t) + 1) + ".",
                Slot.key(t.track(), t.range()), t.id());
    }

    void undo() {
        if (busy || project == null) {
            return;
        }
        String key = selected == null ? null : selected.key();
        String take = selectedTake == null ? null : selectedTake.id();
        change("Undoing…", () -> genshot.undo(project),
                r -> "Restored the project as it was before genshot's last change.", key, take);
    }

    private <T> void change(String doing, Callable<T> job, java.util.function.Function<T, String> said, String key,
                            String take) {
        busy = true;
        stopPlaying();
        phase.setText(doing);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        updateButtons();
        String host = summary == null ? null : summary.host();
        run(work, job, r -> {
            done();
            progress.setProgress(0);
            phase.setText("Ready");
            String backup = r instanceof FillResult f ? " A backup of the project as it was: "
                    + project.getParent().relativize(f.backup()) + "." : "";
            List<String> notes = r instanceof FillResult f ? f.live()
                    : r instanceof UndoResult u ? u.live() : List.of();
            String liveNote = notes.isEmpty() ? "No editor has the project open; open it in "
                    + Messages.hostName(host) + " to see it." : String.join(". ", notes) + ".";
            say(Messages.ok(said.apply(r), liveNote + backup));
            wantKey = key;
            wantTake = take;
            reload();
        }, e -> {
            done();
            progress.setProgress(0);
            phase.setText("Ready");
            Messages m = Messages.of(e);
            if (Messages.isUnsaved(e)) {
                String editor = live == null || live.sessions().isEmpty() ? Messages.hostName(host)
                        : live.sessions().get(0).editorName();
                boolean canSave = live == null || live.sessions().stream().anyMatch(LiveSession::canSave);
                if (canSave) {
                    String verb = doing.startsWith("Replacing") ? "replace" : doing.startsWith("Undoing") ? "undo"
                            : "insert";
                    m = m.withAction("Save in " + editor + " and " + verb, () -> change("Saving in " + editor + "…",
                            () -> {
                                genshot.saveInEditor(project);
                                return job.call();
                            }, said, key, take));
                }
            }
            say(m);
        });
    }

    /** Asks in the background who has the project open; shows it in the header and offers to put back drops. */
    private void askLive() {
        Path p = project;
        if (p == null || busy || !liveAsking.compareAndSet(false, true)) {
            return;
        }
        run(io, () -> {
            try {
                return genshot.live(p);
            } finally {
                liveAsking.set(false);
            }
        }, s -> {
            if (!p.equals(project)) {
                return;
            }
            live = s;
            liveState.setText(s.headline());
            liveState.getStyleClass().removeAll("live-ok", "live-warn");
            liveState.getStyleClass().add(s.unsaved() || s.sessions().stream().anyMatch(x -> !x.canReload())
                    ? "live-warn" : "live-ok");
            offerPutBack(s);
        }, e -> liveState.setText(""));
    }

    /** A dropped insertion the user has not been told about yet: one message, with Put back when its range is free. */
    private void offerPutBack(LiveState s) {
        for (LiveState.Dropped d : s.dropped()) {
            if (busy || !droppedShown.add(d.take())) {
                continue;
            }
            Take t = takes.stream().filter(x -> x.id().equals(d.take())).findFirst().orElse(null);
            String what = "An editor's save dropped the take genshot put on " + d.track() + " at "
                    + range(d.range());
            if (t != null && d.free()) {
                say(Messages.info(what + ".", "Saved at " + LocalTime.ofInstant(d.droppedBy(),
                        java.time.ZoneId.systemDefault()).format(CLOCK) + ". Its frames are still free: put it back"
                        + " with one click (then reopen or reload the project in the editor).")
                        .withAction("Put back", () -> change("Putting back…", () -> genshot.insert(project, t),
                                r -> "Put the take back on " + t.track() + " at " + timecode(t.range().start()) + ".",
                                Slot.key(t.track(), t.range()), t.id())));
            } else {
                say(Messages.info(what + ".", "Its frames are taken now: " + d.restore() + "."));
            }
            return;
        }
    }

    // ------------------------------------------------------------------------------------------ state

    private void updateButtons() {
        boolean open = project != null && summary != null;
        generate.setDisable(busy || !open || selected == null || !selected.isGap()
                || form.generator.getValue() == null);
        cancelButton.setDisable(!busy);
        insert.setDisable(busy || !open || selectedTake == null || selected == null || !selected.isGap());
        replace.setDisable(busy || !open || selectedTake == null || selected == null || selected.isGap()
                || selectedTake.id().equals(selected.inPlace()));
        undo.setDisable(busy || project == null || summary == null || !canUndo);
        play.setDisable(selectedTake == null);
        useSettings.setDisable(selectedTake == null);
        copyTakeSeed.setDisable(selectedTake == null);
        reload.setDisable(project == null);
    }

    /** Shows a message (null hides it). */
    void say(Messages m) {
        message.getStyleClass().removeAll("error", "ok", "info");
        if (m == null) {
            message.setVisible(false);
            message.setManaged(false);
            messageText.setText("");
            messageDetail.setText("");
            return;
        }
        message.getStyleClass().add(m.kind().name().toLowerCase(java.util.Locale.ROOT));
        messageIcon.setText(switch (m.kind()) {
            case ERROR -> "!";
            case OK -> "✓";
            case INFO -> "i";
        });
        messageText.setText(m.headline());
        messageDetail.setText(m.detail() == null ? "" : m.detail());
        messageDetail.setVisible(m.detail() != null);
        messageDetail.setManaged(m.detail() != null);
        boolean act = m.actionLabel() != null;
        messageAction.setText(act ? m.actionLabel() : "");
        messageAction.setOnAction(act ? e -> {
            say(null);
            m.action().run();
        } : null);
        messageAction.setVisible(act);
        messageAction.setManaged(act);
        message.setVisible(true);
        message.setManaged(true);
    }

    /** Stops following the file, playback and any generation; the background threads end. */
    void dispose() {
        cancel.set(true);
        player.stop();
        watcher.close();
        liveTimer.shutdownNow();
        work.shutdownNow();
        io.shutdownNow();
        pictures.shutdownNow();
    }

    /** The panel as it looks now, as a PNG. */
    void snapshot(Path png) throws IOException {
        Images.writePng(root.getScene().snapshot(null), png);
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
