package lmm.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line as its own process (this JVM's class path, {@code lmm.cli.Main}), as a user
 * would: real exit status, real stdout and stderr, and a time limit, so that a hang or a stack trace
 * printed by the JVM itself is seen.
 */
final class CliProcess {
    record Result(int status, String out, String err, boolean timedOut) {
        /** What a user must never see: a Java stack trace or an exception class name. */
        boolean showsAStackTrace() {
            return err.contains("\tat ") || err.contains("Exception in thread") || err.contains("StackOverflowError")
                    || err.contains("OutOfMemoryError:") || out.contains("\tat ");
        }
    }

    private CliProcess() {}

    static Result run(Path workDir, List<String> jvmOptions, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("lmm.cli.Main");
        cmd.addAll(List.of(args));
        File out = Files.createTempFile("lmm-cli", ".out").toFile(), err = Files.createTempFile("lmm-cli", ".err").toFile();
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out).redirectError(err).start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            return new Result(done ? p.exitValue() : -1, Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8), !done);
        } finally {
            out.delete();
            err.delete();
        }
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, List.of(), 60, args);
    }
}
