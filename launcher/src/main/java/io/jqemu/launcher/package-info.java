/**
 * The launcher's public API: {@link io.jqemu.launcher.Launcher} launches a machine (or re-attaches to
 * one still running) and returns a {@link io.jqemu.launcher.RunningVm}, the handle for hot-plug,
 * balloon, console, state and the shutdown ladder; the options, results and exceptions
 * ({@link io.jqemu.launcher.LauncherException}) around them live here too.
 */
package io.jqemu.launcher;
