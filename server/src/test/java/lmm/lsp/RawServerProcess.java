package lmm.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The language server as its own process ({@code lmm.cli.Main lsp} on this JVM's class path), spoken
 * to over its real stdin and stdout pipes byte by byte, so that malformed frames can be sent.
 */
final class RawServerProcess implements AutoCloseable {
    final Process process;
    private final OutputStream in;
    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();

    RawServerProcess(List<String> jvmOptions) throws IOException { this(jvmOptions, null); }

    /** With the server's stderr written to {@code stderr} (null: discarded). */
    RawServerProcess(List<String> jvmOptions, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("lmm.cli.Main");
        cmd.add("lsp");
        process = new ProcessBuilder(cmd).redirectError(stderr == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(stderr.toFile())).start();
        in = process.getOutputStream();
        Thread reader = new Thread(() -> read(process.getInputStream()), "raw-lsp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    RawServerProcess() throws IOException { this(List.of()); }

    private void read(InputStream out) {
        try {
            while (true) {
                int length = -1;
                String line;
                while (!(line = line(out)).isEmpty()) {
                    if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                }
                byte[] body = out.readNBytes(length);
                if (body.length < length) return;
                received.add(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
    }

    private static String line(InputStream s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = s.read()) != -1 && c != '\n') b.write(c);
        if (c == -1 && b.size() == 0) throw new IOException("end");
        return b.toString(StandardCharsets.US_ASCII).replace("\r", "");
    }

    void sendRaw(byte[] bytes) throws IOException {
        in.write(bytes);
        in.flush();
    }

    void sendRaw(String s) throws IOException { sendRaw(s.getBytes(StandardCharsets.UTF_8)); }

    /** A well-framed message. */
    void send(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        sendRaw(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        sendRaw(body);
    }

    void request(int id, String method, String params) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
    }

    void notify(String method, String params) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}");
    }

    /** The first message (since the start) that matches, waiting up to timeoutMs; null if none came. */
    JsonObject await(Predicate<JsonObject> p, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        synchronized (seen) {
            for (JsonObject o : seen) if (p.test(o)) return o;
        }
        while (System.currentTimeMillis() < end) {
            JsonObject o = received.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (o == null) break;
            synchronized (seen) { seen.add(o); }
            if (p.test(o)) return o;
        }
        return null;
    }

    JsonObject response(int id, long timeoutMs) throws InterruptedException {
        return await(o -> o.has("id") && !o.has("method") && o.get("id").isJsonPrimitive()
                && o.get("id").getAsString().equals(Integer.toString(id)), timeoutMs);
    }

    JsonObject initialize(int id) throws Exception {
        request(id, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}");
        JsonObject r = response(id, 30_000);
        notify("initialized", "{}");
        return r;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
