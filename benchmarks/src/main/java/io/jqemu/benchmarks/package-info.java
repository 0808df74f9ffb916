/**
 * JMH benchmarks of jqemu against hand-written baselines, and the paused QEMU they run against
 * ({@link io.jqemu.benchmarks.BenchmarkQemu}). Not API: the module is not published; figures and
 * commands are in the module's README.
 */
package io.jqemu.benchmarks;
