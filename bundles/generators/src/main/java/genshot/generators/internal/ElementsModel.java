package genshot.generators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract between the element graphs ({@code assets/models/elements/<look>.onnx}, built by
 * {@code ElementsModelBuilder} in the test sources) and the code that feeds them.
 *
 * <p>Every graph has the same inputs and output: {@code coords [N,4]} = x (0..width/height), y (0..1, top to
 * bottom), t (seconds times speed), 1; {@code cond [1,C]} = the look's seed-derived parameters, a row-major
 * concatenation of the named blocks of its {@link Layout}. Output {@code rgba [N,4]} in 0..1, straight (not
 * premultiplied) alpha; looks without alpha output 1 there. The graphs hold no random numbers.
 */
final class ElementsModel {

    static final String ID = "elements";
    static final String DIR = "/models/elements/";
    static final int IR_VERSION = 8;
    static final int OPSET = 13;

    /** Warp waves, fog-style noise waves. */
    static final int WARP = 8;
    static final int WAVES = 32;
    /** Sway sinusoids of particle layers. */
    static final int SWAY = 4;

    private ElementsModel() {
    }

    /** A named matrix inside {@code cond}. */
    record Block(String name, int rows, int cols, int offset) {
        int size() {
            return rows * cols;
        }
    }

    /** The blocks of one look's {@code cond}, in order. */
    static final class Layout {
        private final Map<String, Block> blocks = new LinkedHashMap<>();
        private int size;

        Layout add(String name, int rows, int cols) {
            blocks.put(name, new Block(name, rows, cols, size));
            size += rows * cols;
            return this;
        }

        /** The wave-noise blocks: warp WA [4,WARP], VA [WARP,4]; waves WB [4,WAVES], VB [WAVES,L], YB [4,L]. */
        Layout waves(int layers) {
            return waves(layers, WARP, WAVES);
        }

        /**
         * Wave noise with {@code warp} warp waves (none: no WA, VA) and {@code waves} noise waves (shared by the
         * layers, in octaves of four); fewer waves are cheaper (each is a sine per pixel) and smoother.
         */
        Layout waves(int layers, int warp, int waves) {
            if (warp > 0) {
                add("WA", 4, warp).add("VA", warp, 4);
            }
            return add("WB", 4, waves).add("VB", waves, layers).add("YB", 4, layers);
        }

        /**
         * The particle blocks for L layers: cell coordinates PM [4,2L] plus sway SW [4,SWAY] / SV [SWAY,2L];
         * integer hash keys HM [2L,4L]; position in the cell OM [4L,2L] / OB [1,2L]; inverse squared radii
         * DM [2L,L] with size variation SZ [4L,L] / SZB [1,L]; presence PS [4L,L] / PB [1,L]; twinkle phase
         * TP [4L,L], rate TW [4,L] and depth TA [1,L].
         */
        Layout cells(int layers) {
            return cells(layers, true);
        }

        /** The particle blocks; without {@code sway} (particles that only drift) there is no SW, SV. */
        Layout cells(int layers, boolean sway) {
            int l2 = 2 * layers, l4 = 4 * layers;
            add("PM", 4, l2);
            if (sway) {
                add("SW", 4, SWAY).add("SV", SWAY, l2);
            }
            return add("HM", l2, l4).add("OM", l4, l2)
                    .add("OB", 1, l2).add("DM", l2, layers).add("SZ", l4, layers).add("SZB", 1, layers)
                    .add("PS", l4, layers).add("PB", 1, layers).add("TP", l4, layers).add("TW", 4, layers)
                    .add("TA", 1, layers);
        }

        Block block(String name) {
            Block b = blocks.get(name);
            if (b == null) {
                throw new IllegalArgumentException("no block " + name + " in " + blocks.keySet());
            }
            return b;
        }

        boolean has(String name) {
            return blocks.containsKey(name);
        }

        List<Block> blocks() {
            return List.copyOf(blocks.values());
        }

        int size() {
            return size;
        }

        /** The manifest's description of cond: {@code NAME[r,c] @offset, ...}. */
        String describe() {
            StringBuilder s = new StringBuilder();
            for (Block b : blocks.values()) {
                if (s.length() > 0) {
                    s.append(", ");
                }
                s.append(b.name()).append('[').append(b.rows()).append(',').append(b.cols()).append("] @")
                        .append(b.offset());
            }
            return s.toString();
        }
    }

    /** A writable cond vector for a layout. */
    static final class Cond {
        final Layout layout;
        final float[] values;

        Cond(Layout layout) {
            this.layout = layout;
            this.values = new float[layout.size()];
        }

        void set(String block, int row, int col, double v) {
            Block b = layout.block(block);
            if (row < 0 || row >= b.rows() || col < 0 || col >= b.cols()) {
                throw new IndexOutOfBoundsException(block + "[" + row + "," + col + "] of [" + b.rows() + ","
                        + b.cols() + "]");
            }
            values[b.offset() + row * b.cols() + col] = (float) v;
        }

        void row(String block, int row, double... v) {
            for (int c = 0; c < v.length; c++) {
                set(block, row, c, v[c]);
            }
        }
    }
}
