package org.timescalelab.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.timescalelab.config.FileReads;

/**
 * NumPy {@code .npy} files (format version 1.0): little-endian float64 or float32, C order.
 * Stateless and thread-safe.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|]?)([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** An array read from a file: its shape and values as doubles. */
    public record Array(int[] shape, double[] data) {
    }

    private Npy() {
    }

    /** Encodes values as a float64 {@code .npy} file. */
    public static byte[] encode(int[] shape, double[] data) {
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (n != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "";
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + data.length * 8)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : data) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    /** Writes a float64 {@code .npy} file atomically. */
    public static void write(Path file, int[] shape, double[] data) throws IOException {
        AtomicFiles.write(file, encode(shape, data));
    }

    /** Reads a float64 or float32 (or int32/int64) {@code .npy} file in C order. */
    public static Array read(Path file) throws IOException {
        return decode(FileReads.bytes(file, FileReads.ARRAY), file.toString());
    }

    static Array decode(byte[] bytes, String name) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        if (bytes.length < 10) {
            throw new IllegalArgumentException(name + " is not a .npy file (too short)");
        }
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(name + " is not a .npy file (bad magic)");
        }
        int major = buf.get();
        buf.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        if (headerLength < 0 || headerLength > buf.remaining()) {
            throw new IllegalArgumentException(name + ": the .npy header claims " + headerLength
                    + " bytes but the file has " + buf.remaining() + " left (truncated or not a .npy file)");
        }
        byte[] headerBytes = new byte[headerLength];
        buf.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IllegalArgumentException(name + ": unreadable .npy header " + header.trim());
        }
        if (o.group(1).equals("True")) {
            throw new IllegalArgumentException(name + ": Fortran-ordered arrays are not supported; save with C order");
        }
        if (d.group(1).equals(">")) {
            throw new IllegalArgumentException(name + ": big-endian arrays are not supported");
        }
        long[] dims;
        try {
            dims = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": unreadable shape in the .npy header (" + s.group(1) + ")");
        }
        String kind = d.group(2) + d.group(3);
        int width = switch (kind) {
            case "f8", "i8" -> 8;
            case "f4", "i4" -> 4;
            default -> throw new IllegalArgumentException(name + ": dtype " + kind
                    + " is not supported (use float64, float32, int64 or int32)");
        };
        long count = 1;
        for (long dim : dims) {
            if (dim < 0 || (dim > 0 && count > Long.MAX_VALUE / 8 / dim)) {
                throw new IllegalArgumentException(name + ": the .npy header has an impossible shape (" + s.group(1) + ")");
            }
            count *= dim;
        }
        if (count * width != buf.remaining()) {
            throw new IllegalArgumentException(String.format("%s: the .npy header says shape (%s) of %s, %d bytes, but "
                    + "the file holds %d bytes of data (truncated or corrupt)", name, s.group(1).trim(), kind,
                    count * width, buf.remaining()));
        }
        int[] shape = Arrays.stream(dims).mapToInt(x -> (int) x).toArray();
        int n = (int) count;
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "f8":
                    data[i] = buf.getDouble();
                    break;
                case "f4":
                    data[i] = buf.getFloat();
                    break;
                case "i8":
                    data[i] = buf.getLong();
                    break;
                case "i4":
                    data[i] = buf.getInt();
                    break;
                default:
                    throw new IllegalArgumentException(name + ": dtype " + kind + " is not supported (use float64, float32, int64 or int32)");
            }
        }
        return new Array(shape, data);
    }
}
