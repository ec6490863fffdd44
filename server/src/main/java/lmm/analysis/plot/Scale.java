package lmm.analysis.plot;

import java.util.ArrayList;
import java.util.List;
import lmm.analysis.Num;

/**
 * A linear map from data values to pixels, with "nice" ticks: steps of 1, 2 or 5 times a power of
 * ten, labelled with R-style number formatting (Num.format) at just enough digits to tell them apart.
 */
final class Scale {
    final double lo;
    final double hi;
    final double pixelLo;
    final double pixelHi;

    private Scale(double lo, double hi, double pixelLo, double pixelHi) {
        this.lo = lo;
        this.hi = hi;
        this.pixelLo = pixelLo;
        this.pixelHi = pixelHi;
    }

    /**
     * The data range padded by 4% on each side (R's default), mapped onto [pixelLo, pixelHi]
     * (pixelLo may be larger than pixelHi, as for a y axis pointing up). Non-finite values are ignored.
     */
    static Scale padded(double min, double max, double pixelLo, double pixelHi) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) { min = -1; max = 1; }
        if (max < min) { double t = min; min = max; max = t; }
        if (max - min <= Math.ulp(Math.max(Math.abs(min), Math.abs(max))) * 4) {
            double half = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= half;
            max += half;
        } else {
            double pad = 0.04 * (max - min);
            min -= pad;
            max += pad;
        }
        return new Scale(min, max, pixelLo, pixelHi);
    }

    /** The range of the finite values of {@code values} (plus {@code extra}), as {min, max}. */
    static double[] range(double[] values, double... extra) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) if (Double.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
        for (double v : extra) if (Double.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
        if (min > max) return new double[] {-1, 1};
        return new double[] {min, max};
    }

    double map(double v) {
        return pixelLo + (v - lo) / (hi - lo) * (pixelHi - pixelLo);
    }

    boolean contains(double v) {
        return v >= lo && v <= hi;
    }

    /** The tick step: 1, 2 or 5 × 10^k, giving about {@code target} ticks over the range. */
    static double niceStep(double span, int target) {
        double raw = span / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * mag;
    }

    /** Tick values inside the range, multiples of the nice step. */
    double[] ticks(int target) {
        double step = niceStep(hi - lo, target);
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        List<Double> out = new ArrayList<>();
        for (long k = first; k <= last && out.size() < 50; k++) out.add(k == 0 ? 0.0 : k * step);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Labels for the ticks: Num.format with as many significant digits as the step needs. */
    static String[] labels(double[] ticks) {
        String[] out = new String[ticks.length];
        if (ticks.length == 0) return out;
        double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(ticks[0]);
        double biggest = 0;
        for (double t : ticks) biggest = Math.max(biggest, Math.abs(t));
        int digits = 1;
        if (step > 0 && biggest > 0) {
            digits = (int) Math.floor(Math.log10(biggest)) - (int) Math.floor(Math.log10(step) + 1e-9) + 1;
        }
        digits = Math.max(1, Math.min(15, digits));
        for (int i = 0; i < ticks.length; i++) out[i] = Num.format(ticks[i], digits);
        return out;
    }
}
