package dev.candlesignal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * The real file system with one fault injected at a chosen step: a write that fails once {@code writeLimit}
 * bytes are written (a full disk), a failing fsync, close, rename or directory sync.
 */
final class FaultyOps implements FileOps {
    long writeLimit = Long.MAX_VALUE;
    boolean failForce;
    boolean failClose;
    boolean failRename;
    boolean failDirectorySync;
    Path createdTemp;

    @Override
    public FileChannel create(Path temp) throws IOException {
        createdTemp = temp;
        return new Channel(FileOps.SYSTEM.create(temp));
    }

    @Override
    public void replace(Path source, Path target) throws IOException {
        if (failRename) {
            throw new IOException("injected: rename failed");
        }
        FileOps.SYSTEM.replace(source, target);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        if (failDirectorySync) {
            throw new IOException("injected: directory sync failed");
        }
        FileOps.SYSTEM.syncDirectory(dir);
    }

    /** Delegates to a real channel, failing where told. */
    private final class Channel extends FileChannel {
        private final FileChannel real;
        private long written;

        Channel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long room = writeLimit - written;
            if (room <= 0) {
                throw new IOException("injected: No space left on device");
            }
            if (src.remaining() > room) {
                ByteBuffer part = src.slice(src.position(), (int) room);
                int n = real.write(part);
                src.position(src.position() + n);
                written += n;
                return n;
            }
            int n = real.write(src);
            written += n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce) {
                throw new IOException("injected: fsync failed");
            }
            real.force(metaData);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
            if (failClose) {
                throw new IOException("injected: close failed");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            throw new UnsupportedOperationException();
        }
    }
}
