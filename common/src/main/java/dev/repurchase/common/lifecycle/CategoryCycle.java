package dev.repurchase.common.lifecycle;

/**
 * The learned repurchase cycle of a category (M4 {@code category_cycle}): how many intervals it
 * rests on and their lower median. Broadcast to every planner. A Flink POJO.
 */
public class CategoryCycle {

    public String category;
    public long intervals;
    public int medianDays;

    public CategoryCycle() {}

    public CategoryCycle(String category, long intervals, int medianDays) {
        this.category = category;
        this.intervals = intervals;
        this.medianDays = medianDays;
    }
}
