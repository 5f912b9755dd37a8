namespace Roundtable.Core.Matching;

/// <summary>
/// Min-cost max-flow by successive shortest paths (Bellman-Ford queue, so arcs may cost less than zero as long as the
/// network has no negative cycle). Each augmentation follows a cheapest path, so after every step the flow is the
/// cheapest of its size; the last one is a maximum flow of least cost.
/// </summary>
internal sealed class MinCostFlow(int nodes)
{
    private readonly List<int> _to = [];
    private readonly List<int> _capacity = [];
    private readonly List<long> _cost = [];
    private readonly List<int>[] _out = Enumerable.Range(0, nodes).Select(_ => new List<int>()).ToArray();

    /// <returns>The arc's id, to read its flow afterwards.</returns>
    public int AddArc(int from, int to, int capacity, long cost)
    {
        var id = _to.Count;
        _to.Add(to); _capacity.Add(capacity); _cost.Add(cost); _out[from].Add(id);
        _to.Add(from); _capacity.Add(0); _cost.Add(-cost); _out[to].Add(id + 1);
        return id;
    }

    /// <summary>Flow on an arc: what its reverse arc can carry back.</summary>
    public int Flow(int arc) => _capacity[arc ^ 1];

    public (int Flow, long Cost) Run(int source, int sink)
    {
        var flow = 0;
        long cost = 0;
        var distance = new long[_out.Length];
        var via = new int[_out.Length];
        var queued = new bool[_out.Length];
        while (true)
        {
            Array.Fill(distance, long.MaxValue);
            Array.Fill(via, -1);
            distance[source] = 0;
            var queue = new Queue<int>();
            queue.Enqueue(source);
            queued[source] = true;
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                queued[node] = false;
                foreach (var arc in _out[node])
                {
                    if (_capacity[arc] == 0)
                    {
                        continue;
                    }
                    var next = _to[arc];
                    var candidate = distance[node] + _cost[arc];
                    if (candidate < distance[next])
                    {
                        distance[next] = candidate;
                        via[next] = arc;
                        if (!queued[next])
                        {
                            queued[next] = true;
                            queue.Enqueue(next);
                        }
                    }
                }
            }
            if (distance[sink] == long.MaxValue)
            {
                return (flow, cost);
            }
            var push = int.MaxValue;
            for (var node = sink; node != source; node = _to[via[node] ^ 1])
            {
                push = Math.Min(push, _capacity[via[node]]);
            }
            for (var node = sink; node != source; node = _to[via[node] ^ 1])
            {
                _capacity[via[node]] -= push;
                _capacity[via[node] ^ 1] += push;
            }
            flow += push;
            cost += push * distance[sink];
        }
    }
}
