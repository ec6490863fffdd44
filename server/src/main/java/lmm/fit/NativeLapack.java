package lmm.fit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The native LAPACK and BLAS of dev.ludovic.netlib (JNI over the system's liblapack.so.3 and
 * libblas.so.3), loaded once and quietly: when no native library is present, dev.ludovic.netlib logs a warning through
 * java.util.logging; its loggers are switched off here so that nothing reaches stdout or stderr (the
 * command line's JSON and the language server's protocol both use stdout). Whether the library
 * loaded, and which implementation backs it (read from the process's memory map), is reported by
 * {@link #available()} and {@link #library()}.
 */
final class NativeLapack {
    /** Held strongly: java.util.logging keeps loggers by weak reference, and a collected logger loses its level. */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");
    private static final dev.ludovic.netlib.lapack.LAPACK LAPACK;
    /** The native BLAS (level-3 updates of the dense block, see {@link DensePanel}), or null. */
    private static final dev.ludovic.netlib.blas.BLAS NATIVE_BLAS;
    private static final String LIBRARY;
    private static final String PROBLEM;

    static {
        NETLIB_LOG.setLevel(Level.OFF);
        dev.ludovic.netlib.lapack.LAPACK lapack = null;
        String problem = null;
        try {
            lapack = dev.ludovic.netlib.lapack.NativeLAPACK.getInstance();
        } catch (Throwable e) {
            problem = "no native LAPACK could be loaded from "
                    + System.getProperty("dev.ludovic.netlib.lapack.nativeLib", "liblapack.so.3");
        }
        LAPACK = lapack;
        dev.ludovic.netlib.blas.BLAS blas = null;
        try {
            blas = dev.ludovic.netlib.blas.NativeBLAS.getInstance();
        } catch (Throwable e) {
            // the dense panel then stays unused: the fill scatters every level
        }
        NATIVE_BLAS = blas;
        LIBRARY = lapack == null ? null : identifyLibrary();
        PROBLEM = problem;
    }

    private NativeLapack() { }

    static boolean available() {
        return LAPACK != null;
    }

    /** The instance; only when {@link #available()}. */
    static dev.ludovic.netlib.lapack.LAPACK lapack() {
        if (LAPACK == null) throw new IllegalStateException(PROBLEM);
        return LAPACK;
    }

    /** The native BLAS when it loaded (loading happens with the LAPACK's, on the loader thread of {@link CholeskySelection}). */
    static java.util.Optional<dev.ludovic.netlib.blas.BLAS> nativeBlas() {
        return java.util.Optional.ofNullable(NATIVE_BLAS);
    }

    /** "OpenBLAS", "MKL", "BLIS", "ATLAS", "reference LAPACK" or "unknown" (null when not loaded). */
    static String library() {
        return LIBRARY;
    }

    /** Why the native library is not in use (null when it is available). */
    static String problem() {
        return PROBLEM;
    }

    /** True when the loaded LAPACK/BLAS is a tuned one (faster than pure Java for large blocks). */
    static boolean optimized() {
        return LIBRARY != null && !LIBRARY.startsWith("reference") && !LIBRARY.equals("unknown");
    }

    /** Which BLAS/LAPACK the dynamic linker mapped into this process (Linux: /proc/self/maps). */
    private static String identifyLibrary() {
        try {
            List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
            boolean refLapack = false;
            boolean refBlas = false;
            for (String line : maps) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.contains("openblas")) return "OpenBLAS";
                if (l.contains("libmkl")) return "MKL";
                if (l.contains("libblis")) return "BLIS";
                if (l.contains("atlas")) return "ATLAS";
                if (l.contains("/lapack/liblapack")) refLapack = true;
                if (l.contains("/blas/libblas")) refBlas = true;
            }
            if (refLapack || refBlas) return "reference LAPACK/BLAS";
            return "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
