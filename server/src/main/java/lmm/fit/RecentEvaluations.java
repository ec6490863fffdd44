package lmm.fit;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The pieces of the objective at the last few θ̃ the optimiser and its convergence check evaluated,
 * and at the best of all: at the end of a fit these include every point of its last check
 * ({@link ConvergenceCheck}), which inference differences again ({@link CheckStencil}) instead of
 * factoring them a second time. A point costs O(p²) to keep (the X block of the dense factor, from
 * which (R_X'R_X)⁻¹ is formed only for the points inference takes), nothing beside a factorisation.
 */
final class RecentEvaluations {
    /**
     * One evaluation: θ̃ exactly as evaluated, the objective, pwrss, log|L_Z|², log|R_X|² (the model's
     * coordinates) and L_X, the p × p X block of the dense factor (row-major, the factor's coordinates).
     */
    record Point(double[] thetaScaled, double objective, double pwrss, double logDetL2, double logDetRX2, double[] xBlock) { }

    private final int capacity;
    private final ArrayDeque<Point> recent = new ArrayDeque<>();
    private Point best;

    /**
     * @param dimension the number of θ parameters: room for a check (2m + m(m − 1)/2 points), its
     *                  centre, the boundary tries (m) and the Newton step, twice over
     */
    RecentEvaluations(int dimension) {
        this.capacity = 8 + 4 * dimension + dimension * dimension;
    }

    /** Records the factorisation just made at θ̃ (the factor's dense part of order s, X block at qRest). */
    void record(double[] thetaScaled, double objective, double pwrss, double logDetL2, double logDetRX2,
                double[] dense, int s, int qRest, int p) {
        Point last = recent.peekLast();
        if (last != null && Arrays.equals(last.thetaScaled(), thetaScaled)) return;
        double[] x = new double[p * p];
        for (int r = 0; r < p; r++) System.arraycopy(dense, (qRest + r) * s + qRest, x, r * p, r + 1);
        Point point = new Point(thetaScaled.clone(), objective, pwrss, logDetL2, logDetRX2, x);
        recent.addLast(point);
        if (recent.size() > capacity) recent.removeFirst();
        if (best == null || objective < best.objective()) best = point;
    }

    /** The evaluation at exactly this θ̃, or null when it is not (or no longer) kept. */
    Point find(double[] thetaScaled) {
        for (var it = recent.descendingIterator(); it.hasNext(); ) {
            Point point = it.next();
            if (Arrays.equals(point.thetaScaled(), thetaScaled)) return point;
        }
        return best != null && Arrays.equals(best.thetaScaled(), thetaScaled) ? best : null;
    }
}
