package org.timescalelab.run;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Every CSV file of Timescale Lab, written and read with Apache Commons CSV in one format: RFC 4180
 * fields (quoted only where a value holds a comma, quote or line break) and {@code \n} line ends.
 * A table is built row by row ({@link #table}) and turned into text once; stateless otherwise.
 */
public final class Csv {

    /** The format of every file: RFC 4180, minimal quoting, {@code \n} line ends; blank lines are skipped when read. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').setIgnoreEmptyLines(true).build();

    private Csv() {
    }

    /** A new table with this header. */
    public static Table table(String... header) {
        return new Table(List.of(header));
    }

    /** A new table with this header. */
    public static Table table(List<String> header) {
        return new Table(header);
    }

    /** One line of fields, without its line end (e.g. a row's reproducible part). */
    public static String line(List<?> fields) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, FORMAT.builder().setRecordSeparator("").build())) {
            p.printRecord(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** The records of a CSV text (the header, if any, is the first record). */
    public static List<CSVRecord> records(String text) {
        try (var parser = FORMAT.parse(new StringReader(text))) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of one CSV line (quoted fields may hold commas and doubled quotes). */
    public static List<String> split(String line) {
        List<CSVRecord> r = records(line);
        return r.isEmpty() ? List.of("") : r.get(0).toList();
    }

    /** A CSV table under construction: a header and rows of fields of any type (written with {@code toString}). */
    public static final class Table {
        private final StringBuilder text = new StringBuilder();
        private final CSVPrinter printer;

        private Table(List<String> header) {
            try {
                printer = new CSVPrinter(text, FORMAT);
                printer.printRecord(header);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Appends a row. */
        public Table row(Object... fields) {
            return row(List.of(fields));
        }

        /** Appends a row. */
        public Table row(List<?> fields) {
            try {
                printer.printRecord(new ArrayList<>(fields));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** The table as text, one line per row, each ending in {@code \n}. */
        @Override
        public String toString() {
            return text.toString();
        }
    }
}
