package genshot.panel.internal;

import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.ShotRequest;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

/**
 * The shot form: prompt, negative prompt, generator (only those installed, with what each does), device, seed
 * (locked or new each time, copyable), the parameters the chosen generator really reads, and how the shot fits
 * the gap. Typing a prompt and pressing Generate is enough: everything else has a sensible default.
 */
final class ShotForm extends GridPane {
    private static final SecureRandom RANDOM = new SecureRandom();

    final TextArea prompt = new TextArea();
    final TextField negative = new TextField();
    final ComboBox<GeneratorInfo> generator = new ComboBox<>();
    /** What the chosen generator does, in a sentence (at most about two lines). */
    final Label generatorInfo = new Label();
    /** Everything its description says, with its model: shown by {@link #details}. */
    final Label generatorDetails = new Label();
    final javafx.scene.control.ToggleButton details = new javafx.scene.control.ToggleButton("Details");
    final ComboBox<String> device = new ComboBox<>();
    final TextField seed = new TextField();
    final ToggleButton seedLock = new ToggleButton("Lock");
    final Button newSeed = new Button("New");
    final Button copySeed = new Button("Copy");
    final GridPane params = new GridPane();
    final RadioButton whole = new RadioButton("Whole gap");
    final RadioButton part = new RadioButton("Part of it");
    final Spinner<Integer> partStart = new Spinner<>();
    final Spinner<Integer> partLength = new Spinner<>();
    final Label target = new Label();
    /** The format of takes with alpha: QuickTime Animation (null: the default) or FFV1. */
    final ComboBox<String> alphaFormat = new ComboBox<>();
    static final String QTRLE = "QuickTime Animation";
    static final String FFV1 = "FFV1 (far smaller)";
    /** How a generator's own frame count is retimed to the shot: along the motion (default) or by blending. */
    final ComboBox<String> retime = new ComboBox<>();
    static final String MOTION = "Follow the motion";
    static final String BLEND = "Blend frames";

    private final Map<String, Supplier<String>> paramValues = new LinkedHashMap<>();
    private Slot slot;
    private Timeline timeline;

    /** A request ready for the workflow: the shot, and the part of the gap (null for all of it). */
    record Request(ShotRequest shot, TimeRange range) {
    }

    /** Its tooltips, made at once or after the window's first frame. */
    private final Tips tips;

    ShotForm() {
        this(Tips.immediate());
    }

    ShotForm(Tips tips) {
        this.tips = tips;
        getStyleClass().add("shot-form");
        setHgap(8);
        setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        labels.setMinWidth(78);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        getColumnConstraints().addAll(labels, fields);

        prompt.setId("prompt");
        prompt.setPromptText("Describe the shot (Enter generates, Shift+Enter for a new line)");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        negative.setId("negative");
        negative.setPromptText("What the shot must not show (optional)");

        generator.setId("generator");
        generator.setMaxWidth(Double.MAX_VALUE);
        generator.setCellFactory(l -> new GeneratorCell(false));
        generator.setButtonCell(new GeneratorCell(true));
        generator.valueProperty().addListener((o, a, g) -> generatorChanged(g));
        generatorInfo.setId("generatorInfo");
        generatorInfo.getStyleClass().add("dim");
        generatorInfo.setWrapText(true);
        generatorInfo.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        generatorDetails.setId("generatorDetails");
        generatorDetails.getStyleClass().addAll("dim", "details");
        generatorDetails.setWrapText(true);
        generatorDetails.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        generatorDetails.visibleProperty().bind(details.selectedProperty());
        generatorDetails.managedProperty().bind(details.selectedProperty());
        // the whole description takes the sentence's place
        generatorInfo.visibleProperty().bind(details.selectedProperty().not());
        generatorInfo.managedProperty().bind(details.selectedProperty().not());
        details.setId("generatorDetailsToggle");
        details.getStyleClass().add("link-toggle");
        details.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        tips.set(details, "Everything the generator says about itself: its looks, parameters, model");
        details.selectedProperty().addListener((o, a, b) -> details.setText(b ? "Less" : "Details"));
        HBox generatorRow = new HBox(6, generator, details);
        generatorRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(generator, Priority.ALWAYS);
        generator.setMinWidth(120);
        device.setId("device");

        seed.setId("seed");
        seed.setPrefColumnCount(12);
        seed.setMinWidth(90);
        HBox.setHgrow(seed, Priority.ALWAYS);
        seed.setTextFormatter(new TextFormatter<String>(c -> c.getControlNewText().matches("\\d{0,18}") ? c : null));
        tips.set(seed, "The same prompt, seed and settings make the same shot again");
        seedLock.setId("seedLock");
        tips.set(seedLock, "Locked: every Generate uses this seed. Unlocked: a new seed each time.");
        seed.textProperty().addListener((o, a, b) -> {
            if (seed.isFocused() && !b.isEmpty()) {
                seedLock.setSelected(true);
            }
        });
        newSeed.setId("newSeed");
        newSeed.setOnAction(e -> seed.setText(Long.toString(randomSeed())));
        copySeed.setId("copySeed");
        copySeed.setOnAction(e -> copy(seed.getText()));
        seed.setText(Long.toString(randomSeed()));
        for (javafx.scene.control.ButtonBase b : List.of(seedLock, newSeed, copySeed)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        tips.set(newSeed, "Draw a new seed");
        tips.set(copySeed, "Copy the seed to the clipboard");
        HBox seedRow = new HBox(6, seed, seedLock, newSeed, copySeed);
        seedRow.setAlignment(Pos.CENTER_LEFT);

        params.setId("params");
        params.setHgap(8);
        params.setVgap(4);

        ToggleGroup fit = new ToggleGroup();
        whole.setToggleGroup(fit);
        part.setToggleGroup(fit);
        whole.setId("wholeGap");
        part.setId("partOfGap");
        whole.setSelected(true);
        for (Spinner<Integer> s : List.of(partStart, partLength)) {
            s.setEditable(true);
            s.setPrefWidth(84);
            s.setMinWidth(70);
            s.disableProperty().bind(whole.selectedProperty());
        }
        partStart.setId("partStart");
        partLength.setId("partLength");
        tips.set(partStart, "First frame on the timeline");
        tips.set(partLength, "Number of frames");
        partStart.valueProperty().addListener((o, a, b) -> updateTarget());
        partLength.valueProperty().addListener((o, a, b) -> updateTarget());
        fit.selectedToggleProperty().addListener((o, a, b) -> updateTarget());
        HBox choice = new HBox(12, whole, part);
        // wraps in a narrow form rather than cutting its words short
        javafx.scene.layout.FlowPane partRow = new javafx.scene.layout.FlowPane(6, 4, new Label("from frame"), partStart,
                new Label("for"), partLength, new Label("frames"));
        partRow.setAlignment(Pos.CENTER_LEFT);
        partRow.disableProperty().bind(whole.selectedProperty());
        javafx.scene.layout.VBox fitRow = new javafx.scene.layout.VBox(4, choice, partRow);
        target.setId("target");
        target.getStyleClass().add("dim");
        target.setWrapText(true);

        alphaFormat.setId("alphaFormat");
        alphaFormat.getItems().addAll(QTRLE, FFV1);
        alphaFormat.setValue(QTRLE);
        alphaFormat.valueProperty().addListener((o, a, b) -> updateTarget());
        tips.set(alphaFormat, "How plates with alpha (smoke, snow, fire...) are written, both "
                + "lossless: QuickTime Animation, read by every editor, or FFV1, six to fourteen times smaller, read "
                + "by Kdenlive and OpenShot. Other shots are H.264.");
        retime.setId("retime");
        retime.getItems().addAll(MOTION, BLEND);
        retime.setValue(MOTION);
        tips.set(retime, "For models that make their own number of frames (e.g. 8 a second): "
                + "in-between frames follow the motion, or blend the nearest two");

        int r = 0;
        addRow(r++, label("Prompt"), prompt);
        addRow(r++, label("Negative"), negative);
        addRow(r++, label("Generator"), generatorRow);
        add(generatorInfo, 1, r++);
        add(generatorDetails, 1, r++);
        addRow(r++, label("Device"), device);
        addRow(r++, label("Seed"), seedRow);
        addRow(r++, label("Parameters"), params);
        addRow(r++, label("Alpha"), alphaFormat);
        addRow(r++, label("Retime"), retime);
        addRow(r++, label("Fit"), fitRow);
        add(target, 1, r);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        return l;
    }

    static long randomSeed() {
        return RANDOM.nextLong() & ((1L << 53) - 1);
    }

    static void copy(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** The installed generators; keeps the choice if it is still there, else prefers one with a model. */
    void setGenerators(List<GeneratorInfo> all) {
        GeneratorInfo was = generator.getValue();
        generator.getItems().setAll(all);
        GeneratorInfo pick = null;
        for (GeneratorInfo g : all) {
            if (was != null && g.id().equals(was.id())) {
                pick = g;
            }
        }
        if (pick == null) {
            pick = all.stream().filter(g -> g.model() != null).findFirst().orElse(all.isEmpty() ? null : all.get(0));
        }
        generator.setValue(pick);
        if (all.isEmpty()) {
            generatorInfo.setText("No generator is installed: genshot's generators bundle is missing.");
        }
    }

    void selectGenerator(String id) {
        generator.getItems().stream().filter(g -> g.id().equals(id)).findFirst().ifPresent(generator::setValue);
    }

    private void generatorChanged(GeneratorInfo g) {
        params.getChildren().clear();
        paramValues.clear();
        device.getItems().clear();
        if (g == null) {
            generatorInfo.setText("");
            generatorDetails.setText("");
            return;
        }
        generatorInfo.setText(summary(g.description()));
        StringBuilder info = new StringBuilder(g.description());
        if (g.model() != null) {
            info.append("\nModel: ").append(g.model());
        }
        generatorDetails.setText(info.toString());
        Tooltip full = new Tooltip(info.toString());
        full.setWrapText(true);
        full.setMaxWidth(520);
        generatorInfo.setTooltip(full);
        device.getItems().setAll(g.devices().isEmpty() ? List.of("cpu") : g.devices());
        device.setValue(device.getItems().get(0));
        int row = 0;
        for (Map.Entry<String, String> p : new TreeMap<>(g.parameters()).entrySet()) {
            String key = p.getKey();
            String def = p.getValue();
            Label name = new Label(key);
            name.setTooltip(new Tooltip(def.isEmpty() ? "default: chosen by the generator" : "default: " + def));
            javafx.scene.Node field;
            List<String> choices = choices(g.description(), key);
            if (def.equalsIgnoreCase("true") || def.equalsIgnoreCase("false")) {
                CheckBox box = new CheckBox();
                boolean d = Boolean.parseBoolean(def);
                box.setSelected(d);
                paramValues.put(key, () -> box.isSelected() == d ? null : Boolean.toString(box.isSelected()));
                field = box;
            } else if (choices.size() >= 2) {
                ComboBox<String> box = new ComboBox<>();
                String auto = def.isBlank() ? "auto" : def + " (default)";
                box.getItems().add(auto);
                box.getItems().addAll(choices);
                box.setValue(auto);
                paramValues.put(key, () -> auto.equals(box.getValue()) ? null : box.getValue());
                field = box;
            } else {
                TextField text = new TextField();
                text.setPrefColumnCount(8);
                String range = range(g.description(), key);
                text.setPromptText(def.isBlank() && range == null ? "auto"
                        : def + (range == null ? "" : "  (" + range + ")"));
                boolean numeric = isNumber(def);
                paramValues.put(key, () -> {
                    String v = text.getText().trim();
                    if (v.isEmpty()) {
                        return null;
                    }
                    if (numeric && !isNumber(v)) {
                        throw GenshotException.of("panel.parameter", "The parameter " + key + " must be a number, not '"
                                + v + "'", null, null, "type a number like " + def + ", or clear the field for the default");
                    }
                    return v;
                });
                field = text;
            }
            field.setId("param-" + key);
            params.addRow(row++, name, field);
        }
        if (row == 0) {
            params.add(new Label("none"), 0, 0);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Choices a description lists for a parameter: "palette (neutral, dawn, night)", with groups ("palette (warm,
     * cold; chroma: green, blue)"), or "motion = auto | interpolate | morph".
     */
    static List<String> choices(String description, String key) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(key) + "\\s*\\(([^)]*)\\)").matcher(description);
        String list;
        if (m.find()) {
            list = m.group(1);
        } else {
            Matcher bar = Pattern.compile("\\b" + Pattern.quote(key) + "\\s*=\\s*([\\w-]+(?:\\s*\\|\\s*[\\w-]+)+)")
                    .matcher(description);
            if (!bar.find()) {
                return List.of();
            }
            list = bar.group(1);
        }
        List<String> out = new ArrayList<>();
        for (String c : list.split("[,;|]")) {
            String t = c.trim().replaceFirst("^[\\w-]+:\\s*", "");
            if (!t.matches("[\\w-]+")) {
                return List.of();
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The longest a generator's summary gets: about two lines of the form at its narrowest. */
    static final int SUMMARY_CHARS = 100;

    /** A description's first sentence, cut at a word (with "…") when it is longer than {@link #SUMMARY_CHARS}. */
    static String summary(String description) {
        String d = description == null ? "" : description.strip().replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("^.*?[.!?](?=\\s|$)").matcher(d);
        String first = m.find() ? m.group() : d;
        if (first.length() <= SUMMARY_CHARS) {
            return first;
        }
        // at the last clause that fits, else at the last word
        String room = first.substring(0, SUMMARY_CHARS - 1);
        int cut = Math.max(room.lastIndexOf(", "), Math.max(room.lastIndexOf("; "), room.lastIndexOf(": ")));
        if (cut < SUMMARY_CHARS / 2) {
            cut = room.lastIndexOf(' ');
        }
        String head = first.substring(0, cut > 20 ? cut : SUMMARY_CHARS - 1).replaceAll("[\\s,;:]+$", "");
        return head + "…";
    }

    /** A range a description gives for a parameter: "density 0..1". */
    static String range(String description, String key) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(key) + "\\s+(-?[\\d.]+\\s*\\.\\.\\s*-?[\\d.]+)")
                .matcher(description);
        return m.find() ? m.group(1).replace(" ", "") : null;
    }

    /** The gap the shot is for: the part spinners stay inside it. */
    void setSlot(Slot slot, Timeline timeline) {
        this.slot = slot;
        this.timeline = timeline;
        if (slot == null) {
            updateTarget();
            return;
        }
        TimeRange g = slot.range();
        int start = (int) g.start();
        int end = (int) Math.min(Integer.MAX_VALUE, g.end());
        partStart.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(start, end - 1, start));
        partLength.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, end - start, end - start));
        partStart.getValueFactory().setConverter(lenient(start));
        partLength.getValueFactory().setConverter(lenient(end - start));
        whole.setSelected(true);
        updateTarget();
    }

    /** Takes the number typed into a spinner even if Enter was not pressed in it. */
    private static void commit(Spinner<Integer> s) {
        if (s.getValueFactory() != null && s.isEditable()) {
            s.getValueFactory().setValue(s.getValueFactory().getConverter().fromString(s.getEditor().getText()));
        }
    }

    private static StringConverter<Integer> lenient(int fallback) {
        return new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public Integer fromString(String s) {
                try {
                    return Integer.parseInt(s.trim());
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        };
    }

    /** The part of the gap chosen, or null for the whole gap. */
    TimeRange range() {
        if (slot == null || whole.isSelected() || !slot.isGap()) {
            return null;
        }
        commit(partStart);
        commit(partLength);
        long start = partStart.getValue();
        long len = Math.min(partLength.getValue(), slot.range().end() - start);
        return new TimeRange(start, Math.max(1, len));
    }

    private void updateTarget() {
        if (slot == null || timeline == null) {
            target.setText("");
            return;
        }
        TimeRange r = range() == null ? slot.range() : range();
        target.setText(String.format("The take will be %d×%d at %s fps, exactly %d frames (%s) from %s, "
                        + "encoded as %s.", timeline.width(), timeline.height(), fps(timeline),
                r.duration(), Slot.timecode(r.duration(), timeline.rate()), Slot.timecode(r.start(), timeline.rate()),
                encoding()));
    }

    /** The formats a take will be written in: which one depends on whether the generator's frames have alpha. */
    String encoding() {
        return "H.264, or " + (FFV1.equals(alphaFormat.getValue()) ? "FFV1" : "QuickTime Animation")
                + " if it has alpha";
    }

    static String fps(Timeline t) {
        double f = t.rate().fps();
        return t.rate().denominator() == 1 ? Long.toString(t.rate().numerator())
                : String.format(java.util.Locale.ROOT, "%.3f", f);
    }

    /** The next request: draws a new seed first unless the seed is locked. */
    Request next() {
        GeneratorInfo g = generator.getValue();
        if (g == null) {
            throw GenshotException.of("panel.no-generator", "No generator is chosen", null, null,
                    "choose one in the Generator list");
        }
        if (!seedLock.isSelected() || seed.getText().isBlank()) {
            seed.setText(Long.toString(randomSeed()));
        }
        Map<String, String> p = new LinkedHashMap<>();
        paramValues.forEach((k, v) -> {
            String value = v.get();
            if (value != null) {
                p.put(k, value);
            }
        });
        if (FFV1.equals(alphaFormat.getValue())) {
            p.put("alphaFormat", "ffv1");
        }
        if (BLEND.equals(retime.getValue())) {
            p.put("retime", "blend");
        }
        ShotRequest shot = new ShotRequest(g.id(), prompt.getText().trim(), negative.getText().trim(),
                Long.parseLong(seed.getText()), p, device.getValue());
        return new Request(shot, range());
    }

    /** Takes the seed of a take, locked, to make variations of it. */
    void useSeed(long s) {
        seed.setText(Long.toString(s));
        seedLock.setSelected(true);
    }

    /** Fills the form from a take's request (prompt, generator, seed, parameters shown as typed). */
    void useRequest(ShotRequest r) {
        prompt.setText(r.prompt());
        negative.setText(r.negativePrompt());
        selectGenerator(r.generator());
        useSeed(r.seed());
        if (device.getItems().contains(r.device())) {
            device.setValue(r.device());
        }
    }

    /** In the list: title, id, model and devices; on the closed box (the button cell) the title and id only. */
    private static final class GeneratorCell extends ListCell<GeneratorInfo> {
        private final boolean button;

        GeneratorCell(boolean button) {
            this.button = button;
        }

        @Override
        protected void updateItem(GeneratorInfo g, boolean empty) {
            super.updateItem(g, empty);
            if (empty || g == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String all = g.title() + "  ·  " + g.id() + (g.model() != null ? "  ·  " + g.model() : "")
                    + "  ·  " + String.join("/", g.devices());
            setText(button ? g.title() + " (" + g.id() + ")" : all);
            setTooltip(button ? new Tooltip(all) : null);
        }
    }

    static String join(String... parts) {
        return String.join(" ", Arrays.stream(parts).filter(s -> s != null && !s.isBlank()).toList());
    }
}
