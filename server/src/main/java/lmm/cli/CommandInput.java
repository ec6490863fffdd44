package lmm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lmm.data.DataCache;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;
import lmm.syntax.Parser;
import lmm.syntax.SourceFile;

/**
 * What every command that reads a .lmm file shares: its options, reading and binding the file,
 * choosing the models ({@code --model NAME}) and printing diagnostics as
 * {@code file:line:col: severity: message}. Problems are printed here and reported as an exit status.
 */
final class CommandInput {
    /** Thrown to end a command early with an exit status; the message has been printed. */
    static final class Stop extends Exception {
        final int status;

        Stop(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    final Path file;
    final Set<String> flags = new HashSet<>();
    final Map<String, String> values = new HashMap<>();
    SourceFile source;
    BoundDocument document;

    private CommandInput(Path file) { this.file = file; }

    /**
     * Reads the arguments after the command name: one file, flags without a value, options with one.
     * @throws Stop with status 2 on a usage error
     */
    static CommandInput parse(String[] args, int from, Set<String> flagNames, Set<String> valueNames, String usage, PrintStream err)
            throws Stop {
        Path file = null;
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (flagNames.contains(a)) {
                flags.add(a);
            } else if (valueNames.contains(a)) {
                if (i + 1 >= args.length) throw usage(err, "lmm: " + a + " needs a value", null);
                values.put(a, args[++i]);
            } else if (a.startsWith("-")) {
                throw usage(err, "lmm: unknown option '" + a + "'", usage);
            } else if (file != null) {
                throw usage(err, "lmm: one file at a time", null);
            } else {
                file = Path.of(a);
            }
        }
        if (file == null) throw usage(err, "lmm: which .lmm file?", usage);
        CommandInput in = new CommandInput(file);
        in.flags.addAll(flags);
        in.values.putAll(values);
        return in;
    }

    private static Stop usage(PrintStream err, String message, String usage) {
        err.println(message);
        if (usage != null) err.print(usage);
        return new Stop(2);
    }

    boolean has(String flag) { return flags.contains(flag); }

    String value(String option) { return values.get(option); }

    /**
     * Reads, parses and binds the file.
     * @throws Stop with status 1 when the file cannot be read
     */
    void load(PrintStream err) throws Stop {
        String text;
        try {
            if (!Files.isDirectory(file) && Files.exists(file) && !Files.isRegularFile(file)) {
                err.println(file + ": cannot read: not a regular file (a device, a pipe or a socket?)");
                throw new Stop(1);
            }
            text = decode(Files.readAllBytes(file), err);
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println(file + ": cannot read: " + (Files.isDirectory(file) ? "it is a folder"
                    : Files.exists(file) ? e.getMessage() : "no such file"));
            throw new Stop(1);
        }
        source = Parser.parse(text);
        document = DocumentBinder.bind(source, file.toAbsolutePath().getParent(), new DataCache()::load);
    }

    /**
     * The file's text; when it is not UTF-8, prints where the first byte that is not lies
     * ({@code file:line:col: error: …}, the column counted in characters before it) and stops.
     */
    private String decode(byte[] bytes, PrintStream err) throws Stop {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (!r.isError()) {
            out.flip();
            return out.toString();
        }
        out.flip();
        String before = out.toString();
        int line = 1, col = 1;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') { line++; col = 1; } else col++;
        }
        err.println(file + ":" + line + ":" + col + ": error: the file is not UTF-8 text: byte 0x"
                + String.format("%02X", bytes[in.position()] & 0xff) + " here is not valid UTF-8 (save the file as UTF-8)");
        throw new Stop(1);
    }

    /**
     * The models to act on: all, or the one named by {@code --model}.
     * @throws Stop with status 2 when no model has that name
     */
    List<ModelEntry> models(PrintStream err) throws Stop {
        List<ModelEntry> models = new ArrayList<>(document.models());
        String only = value("--model");
        if (only == null) return models;
        models.removeIf(m -> !m.name().equals(only));
        if (models.isEmpty()) {
            err.println("lmm: no model named '" + only + "' in " + file + " (models: "
                    + String.join(", ", document.models().stream().map(ModelEntry::name).toList()) + ")");
            throw new Stop(2);
        }
        return models;
    }

    /** The document's diagnostics and {@code more}, in document order, one per line. */
    void printDiagnostics(List<Diagnostic> more, PrintStream err) {
        List<Diagnostic> all = new ArrayList<>(document.diagnostics());
        all.addAll(more);
        all.sort(Comparator.comparingInt((Diagnostic d) -> d.range().start()));
        for (Diagnostic d : all) err.println(format(d));
    }

    /** {@code file:line:col: severity: message}, 1-based as compilers print them. */
    String format(Diagnostic d) {
        int line = source.lines().line(d.range().start()) + 1;
        int col = source.lines().column(d.range().start()) + 1;
        return file + ":" + line + ":" + col + ": " + d.severity().name().toLowerCase() + ": " + d.message();
    }
}
