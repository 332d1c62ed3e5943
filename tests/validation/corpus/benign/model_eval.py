# expect: none
import torch

model = torch.nn.Linear(4, 1)
model.eval()
with torch.no_grad():
    prediction = model(torch.ones(1, 4))
print(prediction.item())
