# expect: eval-exec
source = "def double(x):\n    return 2 * x\n"
namespace: dict[str, object] = {}
exec(source, namespace)  # unsafe
print(namespace["double"](21))
