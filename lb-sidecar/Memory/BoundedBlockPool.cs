using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace LbAcme.Sidecar.Memory;

/// <summary>
/// Kestrel's buffers (4 KiB pinned blocks, as its own pool), keeping at most <see cref="MaxPooledBlocks"/> returned
/// blocks for reuse and letting the rest go to the GC. Kestrel's pool keeps every block it ever handed out and gives
/// back 5% of the idle ones every 10 s, so the blocks of a flood of connections (one each, from the moment it is
/// accepted) stayed resident for many minutes after it; bounded, they are garbage as soon as the flood ends, and
/// <see cref="MemoryReturn"/> hands them back. The bound is far above what the blocks of a normal load are.
/// </summary>
internal sealed class BoundedBlockPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;
    public const int MaxPooledBlocks = 1024;
    private readonly ConcurrentQueue<Block> _blocks = new();
    private int _pooled;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_blocks.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _pooled);
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _pooled) <= MaxPooledBlocks)
        {
            _blocks.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    /// <summary>
    /// Lets every idle block go, before a collection that is to give memory back: pinned blocks are never moved, so a
    /// few kept ones scattered over the pinned heap would keep all of its regions committed.
    /// </summary>
    public void DropIdleBlocks()
    {
        while (_blocks.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    protected override void Dispose(bool disposing) => DropIdleBlocks();

    private sealed class Block(BoundedBlockPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }
}

/// <summary>Hands Kestrel's transport <see cref="BoundedBlockPool"/>s instead of its own pools, and knows them all.</summary>
internal sealed class BoundedBlockPoolFactory : IMemoryPoolFactory<byte>
{
    private readonly List<BoundedBlockPool> _pools = [];

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new BoundedBlockPool();
        lock (_pools)
        {
            _pools.Add(pool);
        }
        return pool;
    }

    public void DropIdleBlocks()
    {
        lock (_pools)
        {
            foreach (var pool in _pools)
            {
                pool.DropIdleBlocks();
            }
        }
    }
}
