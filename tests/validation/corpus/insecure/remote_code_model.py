# expect: remote-code
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("someone/model", trust_remote_code=True)  # unsafe
