package io.jqemu.launcher.vm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.RemoteConsole;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.OwnerOnlyFile;
import io.jqemu.launcher.LaunchFailedException;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpErrorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a VM's remote console (VNC or SPICE) to its owner only, while QEMU is still paused: makes
 * its unix socket {@code 0600}, and for a console with a password takes the one the machine names
 * (from an owner-only file or an environment variable, read before the host is changed:
 * {@link #givenPassword}) or makes a new one (SecureRandom), keeps it in the state directory
 * ({@value #PASSWORD_FILE}, {@code 0600}, deleted when the VM ends) and sets it over QMP
 * ({@code set_password}). The password never appears in argv, logs or exception messages.
 */
public final class ConsoleAccess {
    /** The file in the VM's state directory that holds the console password. */
    public static final String PASSWORD_FILE = "console-password";
    /** VNC compares at most 8 characters of a password. */
    static final int VNC_PASSWORD_LENGTH = 8;
    static final int SPICE_PASSWORD_LENGTH = 16;
    /** Letters and digits without look-alikes (0/O, 1/l/I), so a password read off a screen types back. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAccess.class);

    private ConsoleAccess() {
    }

    /**
     * Makes {@code console} reachable by the VM's owner only; call before the guest runs.
     *
     * @return the password a viewer needs, when the console has one
     * @throws LaunchFailedException when QEMU refuses the password
     */
    public static Optional<String> open(String vmName, Optional<RemoteConsole> console, QmpClient qmp, Path stateDir) {
        return open(vmName, console, Optional.empty(), qmp, stateDir);
    }

    /**
     * The password {@code machine}'s console takes from a file or an environment variable, if it names
     * one; read before anything on the host is changed.
     *
     * @throws HostException naming {@code display.graphics.password_file} when the file is not the
     *                       owner's alone, missing or empty, or {@code display.graphics.password_env}
     *                       when the variable is unset or empty
     */
    public static Optional<String> givenPassword(Machine machine) {
        if (!(machine.display().graphics() instanceof Graphics.Remote console) || console.auth() != ConsoleAuth.PASSWORD) {
            return Optional.empty();
        }
        return switch (console.security().password()) {
            case ConsolePassword.Generated g -> Optional.empty();
            case ConsolePassword.FromFile f -> Optional.of(
                    OwnerOnlyFile.firstLine("display.graphics.password_file", Path.of(f.path())));
            case ConsolePassword.FromEnvironment e -> {
                String value = System.getenv(e.variable());
                if (value == null || value.isEmpty()) {
                    throw new HostException("display.graphics.password_env: the environment variable " + e.variable()
                            + " is " + (value == null ? "not set" : "empty") + "; it holds the console password");
                }
                yield Optional.of(value);
            }
        };
    }

    /**
     * Same as {@link #open(String, Optional, QmpClient, Path)}, with the password the machine names
     * ({@link #givenPassword}) instead of a generated one when {@code given} holds it.
     */
    public static Optional<String> open(String vmName, Optional<RemoteConsole> console, Optional<String> given,
                                        QmpClient qmp, Path stateDir) {
        if (console.isEmpty()) {
            return Optional.empty();
        }
        RemoteConsole c = console.get();
        c.socket().map(Path::of).filter(Files::exists).ifPresent(VmPaths::restrictSocket);
        if (!c.passwordRequired()) {
            if (c.socket().isEmpty()) {
                LOG.warn("VM {}: the {} console at {} has no password (auth = none): every user who can reach it "
                        + "gets the guest's screen and keyboard", vmName, c.protocol(), c.address());
            }
            return Optional.empty();
        }
        if (given.isPresent() && c.protocol().equals("vnc") && given.get().length() > VNC_PASSWORD_LENGTH) {
            LOG.warn("VM {}: the VNC console password is longer than {} characters; VNC compares only the first {}",
                    vmName, VNC_PASSWORD_LENGTH, VNC_PASSWORD_LENGTH);
        }
        String password = given.orElseGet(() -> generate(c.protocol().equals("vnc") ? VNC_PASSWORD_LENGTH : SPICE_PASSWORD_LENGTH));
        store(stateDir, password);
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("protocol", c.protocol()).put("password", password);
        try {
            qmp.execute("set_password", args);
        } catch (QmpErrorException e) {
            // the exception's message repeats what was sent, the password included
            throw new LaunchFailedException("VM " + vmName + ": QEMU refused the " + c.protocol()
                    + " console password (set_password): " + e.errorClass() + ": " + e.description());
        }
        LOG.debug("VM {}: {} console at {} has its password (in {})", vmName, c.protocol(), c.address(),
                stateDir.resolve(PASSWORD_FILE));
        return Optional.of(password);
    }

    /** The password kept for a running VM (what a re-attaching controller shows), if any. */
    public static Optional<String> storedPassword(Path stateDir) {
        try {
            return Optional.of(Files.readString(stateDir.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LauncherException("cannot read the console password " + stateDir.resolve(PASSWORD_FILE)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the kept password (the VM has ended). */
    public static void forget(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(PASSWORD_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the console password " + stateDir.resolve(PASSWORD_FILE), e);
        }
    }

    static String generate(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** Writes the password to a new {@code 0600} file: created with that mode, never readable by others. */
    private static void store(Path stateDir, String password) {
        Path file = stateDir.resolve(PASSWORD_FILE);
        try {
            Files.deleteIfExists(file);
            try (SeekableByteChannel out = Files.newByteChannel(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                out.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (IOException e) {
            throw new LauncherException("cannot write the console password to " + file + ": " + e.getMessage(), e);
        }
    }
}
