package io.jqemu.cli.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Reads a vm.toml's text: only a regular file, at most {@link #MAX_BYTES} bytes, strictly UTF-8.
 * Anything else is an {@link InvalidConfigException} saying why (for bad UTF-8, at the first
 * invalid byte).
 */
final class VmTomlFile {

    /** The largest vm.toml read, in bytes (1 MiB). */
    static final int MAX_BYTES = 1 << 20;

    private VmTomlFile() {
    }

    /** The text of {@code file}. */
    static String read(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw problem(name, Optional.empty(), "not a regular file (" + kind(attributes) + "); a vm.toml is a file");
            }
            if (attributes.size() > MAX_BYTES) {
                throw tooLarge(name);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw problem(name, Optional.empty(), "no such file");
        } catch (AccessDeniedException e) {
            throw problem(name, Optional.empty(), "permission denied");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(name);
        }
        return decode(name, bytes);
    }

    /** {@code bytes} as UTF-8; the first malformed byte is reported with its line and column. */
    static String decode(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            out.flip();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < out.limit(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            SourceLocation at = new SourceLocation(name, line, out.limit() - lineStart + 1);
            throw problem(name, Optional.of(at), String.format("not valid UTF-8 (byte 0x%02x at byte offset %d);"
                    + " a vm.toml is UTF-8 text", bytes[offset] & 0xff, offset));
        }
        out.flip();
        return out.toString();
    }

    private static String kind(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        return attributes.isOther() ? "a device, pipe or socket" : "not a plain file";
    }

    private static InvalidConfigException tooLarge(String name) {
        return problem(name, Optional.empty(), "larger than 1 MiB (" + MAX_BYTES + " bytes), the limit for a vm.toml");
    }

    private static InvalidConfigException problem(String name, Optional<SourceLocation> at, String message) {
        return new InvalidConfigException(name, List.of(new ConfigProblem(at, "", message)));
    }
}
