package lmm.analysis;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import lmm.fit.FitResult;
import lmm.model.BoundModel;

/**
 * The plots of a fit as SVG, from {@code lmm.analysis.plot.ResultPlots.render(BoundModel, FitResult)}
 * when that class is part of the build (it is written separately); an empty list otherwise. Looked
 * up by reflection so that this server builds with or without it.
 */
public final class LmmPlots {
    private LmmPlots() {}

    public record Plot(String name, String title, String svg) {}

    static final String RENDERER = "lmm.analysis.plot.ResultPlots";

    public static List<Plot> render(StoredFit fit) {
        if (fit == null || fit.result() == null) return List.of();
        try {
            Class<?> c = Class.forName(RENDERER);
            Method m = c.getMethod("render", BoundModel.class, FitResult.class);
            Object result = m.invoke(null, fit.entry().bound(), fit.result());
            List<Plot> out = new ArrayList<>();
            if (result instanceof Iterable<?> list) {
                for (Object p : list) out.add(new Plot(accessor(p, "name"), accessor(p, "title"), accessor(p, "svg")));
            }
            return out;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return List.of();
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the plots could not be drawn: " + cause, cause);
        }
    }

    private static String accessor(Object o, String name) throws ReflectiveOperationException {
        Method m = o.getClass().getMethod(name);
        m.setAccessible(true);
        Object v = m.invoke(o);
        return v == null ? "" : v.toString();
    }
}
