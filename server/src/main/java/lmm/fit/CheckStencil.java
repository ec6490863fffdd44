package lmm.fit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The points around the optimum that a fit's last convergence check ({@link ConvergenceCheck})
 * factored, with their {@link DevianceParts}, handed to its inference: the symmetric stencil
 * c, c ± h eᵢ, c ± h(eᵢ + eⱼ) (i &gt; j) on the scaled θ̃ (see {@link DesignScaling}), with the check's
 * centre c and its step h = {@link ConvergenceCheck#STEP} for every parameter. The check evaluated
 * c ± h eᵢ and c + h(eᵢ + eⱼ) for the parameters off their bound (its centre and the fit's optimum were
 * evaluated by the optimiser); those are recorded here, and what is missing (c − h(eᵢ + eⱼ), the
 * points of a parameter on or within 2h of its bound) is factored on request, at exactly the same
 * θ̃, so the result does not depend on which points happened to be kept.
 *
 * <p>In the model's θ the stencil's step is h / scaleᵢ (θ̃ᵢ = θᵢ · scaleᵢ; the scaling is diagonal),
 * so a difference quotient over these points is the derivative in θ by the chain rule.
 *
 * <p>Immutable; kept (strongly, it is small: a few p × p matrices) for as long as its fit is
 * reachable, so that the same fit always gets the same inference.
 */
public final class CheckStencil {
    private static final Map<FitResult, CheckStencil> OF_FIT = new WeakHashMap<>();

    private final double[] centre;
    private final double[] optimum;
    private final double[] scale;
    private final double step;
    private final Map<List<Double>, DevianceParts> recorded;

    private CheckStencil(double[] centre, double[] optimum, double[] scale, double step, Map<List<Double>, DevianceParts> recorded) {
        this.centre = centre;
        this.optimum = optimum;
        this.scale = scale;
        this.step = step;
        this.recorded = recorded;
    }

    /** The stencil of a fit's last check, or null when its fit kept none (OLS, or a fit not made by ModelFitter). */
    public static CheckStencil of(FitResult fit) {
        synchronized (OF_FIT) {
            return OF_FIT.get(fit);
        }
    }

    static void keep(FitResult fit, CheckStencil stencil) {
        synchronized (OF_FIT) {
            OF_FIT.put(fit, stencil);
        }
    }

    /**
     * The stencil of {@code check} with the parts of every point of it that {@code recent} still holds.
     *
     * @param optimumScaled the fit's θ̃ (the check's centre, or one Newton step from it)
     */
    static CheckStencil from(ConvergenceCheck check, double[] optimumScaled, RecentEvaluations recent, ProfiledDeviance deviance) {
        double[] c = check.centre();
        int m = c.length;
        double h = ConvergenceCheck.STEP;
        double[] scale = deviance.toScaled(ones(m));   // θ̃ = θ · scale: DesignScaling's map is diagonal
        Map<List<Double>, DevianceParts> parts = new HashMap<>();
        List<double[]> points = new java.util.ArrayList<>();
        points.add(c);
        points.add(optimumScaled);
        for (int i = 0; i < m; i++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                points.add(point(c, h, i, sign, -1, 0));
                for (int j = 0; j < i; j++) points.add(point(c, h, i, sign, j, sign));
            }
        }
        for (double[] x : points) {
            RecentEvaluations.Point p = recent.find(x);
            if (p != null) parts.putIfAbsent(key(x), deviance.partsOf(p));
        }
        return new CheckStencil(c.clone(), optimumScaled.clone(), scale, h, Map.copyOf(parts));
    }

    private static double[] ones(int m) {
        double[] x = new double[m];
        Arrays.fill(x, 1.0);
        return x;
    }

    /** c + a·h eᵢ + b·h eⱼ (i or j −1 for none), added in the order ConvergenceCheck adds them. */
    private static double[] point(double[] c, double h, int i, int a, int j, int b) {
        double[] x = c.clone();
        if (i >= 0) x[i] += a * h;
        if (j >= 0) x[j] += b * h;
        return x;
    }

    /** A θ̃ as a map key (exact: the same doubles, the same key). */
    static List<Double> key(double[] x) {
        return Arrays.stream(x).boxed().toList();
    }

    /** The number of θ parameters. */
    public int dimension() {
        return centre.length;
    }

    /** The stencil's step along θᵢ in the model's θ. */
    public double step(int i) {
        return step / scale[i];
    }

    /** The check's centre in the model's θ. */
    public double[] centre() {
        double[] out = new double[centre.length];
        for (int i = 0; i < out.length; i++) out[i] = centre[i] / scale[i];
        return out;
    }

    /**
     * How far the fit's optimum lies from the stencil's centre, in steps (max over i of
     * |θ̂̃ᵢ − cᵢ| / h): 0 when the fit ended at the check's centre, small when a last Newton step
     * polished it. Derivatives on the stencil are the derivatives at the centre.
     */
    public double offsetInSteps() {
        double d = 0;
        for (int i = 0; i < centre.length; i++) d = Math.max(d, Math.abs(optimum[i] - centre[i]) / step);
        return d;
    }

    /**
     * The parts at c + a·h eᵢ + b·h eⱼ (a, b ∈ {−1, 0, 1}; i or j −1 for none, j &lt; i) when the fit
     * recorded them, else null.
     */
    public DevianceParts recorded(int i, int a, int j, int b) {
        return recorded.get(key(point(centre, step, i, a, j, b)));
    }

    /** The parts at that point factored by {@code deviance} (the same function the fit ran on). */
    public DevianceParts factor(ProfiledDeviance deviance, int i, int a, int j, int b) {
        return deviance.partsScaled(point(centre, step, i, a, j, b));
    }

    /** The parts at the fit's optimum when recorded, else null. */
    public DevianceParts recordedAtOptimum() {
        return recorded.get(key(optimum));
    }

    /** How many points' parts were recorded (for the tests of the scheme). */
    public int recordedCount() {
        return recorded.size();
    }
}
