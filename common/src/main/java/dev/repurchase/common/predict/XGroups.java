package dev.repurchase.common.predict;

import java.util.Arrays;

/**
 * Cells ordered by x, so that a likelihood computes the terms of x alone once per distinct x.
 *
 * @param order the cells' indices in ascending x
 * @param xs the distinct x, ascending
 * @param ends where the cells of each x end in {@code order}: those of {@code xs[g]} are {@code
 *     order[ends[g - 1]]..order[ends[g] - 1]} (from 0 for the first)
 */
record XGroups(int[] order, int[] xs, int[] ends) {

    /** The groups of the first {@code size} cells, whose x are {@code x}. */
    static XGroups of(int size, int[] x) {
        long[] byX = new long[size];
        for (int i = 0; i < size; i++) {
            byX[i] = ((long) x[i] << 32) | i;
        }
        Arrays.sort(byX);
        int[] order = new int[size];
        int[] xs = new int[size];
        int[] ends = new int[size];
        int groups = 0;
        for (int j = 0; j < size; j++) {
            int i = (int) byX[j];
            order[j] = i;
            if (groups == 0 || xs[groups - 1] != x[i]) {
                xs[groups++] = x[i];
            }
            ends[groups - 1] = j + 1;
        }
        return new XGroups(order, Arrays.copyOf(xs, groups), Arrays.copyOf(ends, groups));
    }
}
