"""What the self-checks say, in English and in Traditional Chinese (Taiwan): every text is an (en, zh-TW) pair.

A message key is looked up first as "<exercise> <key>" (a text for one exercise), then as "<key>" (shared).
tests/test_exercises.py checks that every key the checks raise has both texts here, and that each is used.
"""

VERDICTS = {
    "not done": ("Not done yet: {what}.", "尚未完成：{what}。"),
    "wrong": ("Not right yet: {what}. {problem}", "還不對：{what}。{problem}"),
    "correct": ("Correct: {what}.", "正確：{what}。"),
    "hints": (
        ' Stuck? hint("{key}") gives a hint, one at a time.',
        '卡住了嗎？執行 hint("{key}") 可以得到提示，每執行一次多給一個。',
    ),
    "hint": ("Hint {i} of {n}: ", "提示 {i}/{n}："),
    "no more hints": (
        "That was the last hint for {key}; the worked solution is in the solutions notebook.",
        "{key} 的提示已經全部給完了；完整解答在解答筆記本裡。",
    ),
}

WHAT = {  # what each exercise's answer is, as the verdict names it
    "01.1": ("brightest, the (row, column) of grid's brightest pixel", "brightest，grid 中最亮像素的 (列, 行)"),
    "01.2": (
        "features_64, the number of features of a flattened 64 x 64 colour picture",
        "features_64，一張 64 x 64 彩色圖片攤平後的特徵數",
    ),
    "01.3": ("gray, rgb in grayscale", "gray，rgb 的灰階版本"),
    "02.1": ("log_softmax(z)", "log_softmax(z)"),
    "02.2": ("binary_cross_entropy(p, y)", "binary_cross_entropy(p, y)"),
    "02.3": ("double_softmax_floor(K)", "double_softmax_floor(K)"),
    "03.1": ("counts, the number of images of each class", "counts，每個類別的圖片數"),
    "03.2": ("num_batches(n, batch_size, drop_last)", "num_batches(n, batch_size, drop_last)"),
    "03.3": ("bag_index, the index of the first Bag", "bag_index，第一個 Bag 的索引"),
    "04.1": ("cross_entropy_grad(z, y)", "cross_entropy_grad(z, y)"),
    "04.2": ("sgd_step(parameters, lr)", "sgd_step(parameters, lr)"),
    "04.3": (
        "worse_than_guessing, the learning rates that end worse than ln 10",
        "worse_than_guessing，最後損失比 ln 10（均勻猜測的損失）還高的學習率",
    ),
    "05.1": ("batch_mean_accuracy(model, loader)", "batch_mean_accuracy(model, loader)"),
    "05.2": (
        "train_one_epoch(lr, loader), models, val_accs and best_lr",
        "train_one_epoch(lr, loader)、models、val_accs 和 best_lr",
    ),
    "06.1": ("bottleneck_model(width)", "bottleneck_model(width)"),
    "06.2": ("model_sigmoid, history_sigmoid and faster", "model_sigmoid、history_sigmoid 和 faster"),
    "07.1": ("per_class_acc, each class's fraction of right answers", "per_class_acc，每個類別答對的比例"),
    "07.2": ("hardest, the name of the hardest class", "hardest，最難的類別名稱"),
    "07.3": ("model_smooth, loss_smooth and history_smooth", "model_smooth、loss_smooth 和 history_smooth"),
    "08.1": ("conv_output_size(n, kernel_size, stride, padding)", "conv_output_size(n, kernel_size, stride, padding)"),
    "08.2": ("conv2d_by_hand(x, w, stride, padding)", "conv2d_by_hand(x, w, stride, padding)"),
    "08.3": ("shift(images, down, right)", "shift(images, down, right)"),
}

MESSAGES = {
    # shared: the kind of answer, and mistakes of several exercises
    "not a function": (
        "It should be a function (def ...), not a {kind}.",
        "它應該是一個函式（def ...），而不是 {kind}。",
    ),
    "returns None": ("It returns None: is its `return` missing?", "它傳回 None：是不是少了 `return`？"),
    "a string, not a number": (
        "{name} is a string (in quotes): give a number, without quotes.",
        "{name} 是字串（有引號）：請給數字，不要加引號。",
    ),
    "not one number": ("{name} should give one number, not a {kind}.", "{name} 應該給出一個數字，而不是 {kind}。"),
    "a string, not numbers": (
        "{name} is a string: give numbers (a tensor or a list).",
        "{name} 是字串：請給數字（張量或串列）。",
    ),
    "not numbers": (
        "{name} should be numbers (a tensor, a list or an array), not a {kind}.",
        "{name} 應該是數字（張量、串列或陣列），而不是 {kind}。",
    ),
    "reads a global": (
        "It reads the notebook's `{name}` instead of its argument ({argument}): a function should work on whatever "
        "it is given, and the check gives it inputs of its own.",
        "它讀的是筆記本裡的 `{name}`，而不是它的引數（{argument}）：函式應該處理傳給它的東西，"
        "而檢查會傳入自己準備的輸入。",
    ),
    "not a model": (
        "It should return a model (an nn.Module), not a {kind}.",
        "它應該傳回一個模型（nn.Module），而不是 {kind}。",
    ),
    "fails on images": (
        "On a batch of images of shape (N, 1, 28, 28) it fails ({error}): does it flatten the images first "
        "(nn.Flatten()), and does each Linear layer take what the one before gives?",
        "對形狀為 (N, 1, 28, 28) 的一批圖片，它出錯了（{error}）：它有先把圖片攤平（nn.Flatten()）嗎？每個 Linear "
        "層的輸入和前一層的輸出一致嗎？",
    ),
    "not a tensor": (
        "{name} is a {kind}; the exercise asks for a tensor (torch.tensor(...) or torch.from_numpy(...) makes one).",
        "{name} 是 {kind}；練習要的是張量（用 torch.tensor(...) 或 torch.from_numpy(...) 就能做出一個）。",
    ),
    "changes its inputs in place": (
        "It changes {names} in place, so the caller's tensors change too: compute on new tensors instead of with "
        "in-place operations (-=, .sub_(), .neg_(), ...).",
        "它就地修改了 {names}，呼叫者的張量也跟著被改掉了：請在新的張量上計算，不要用就地運算（-=、.sub_()、"
        ".neg_() 等）。",
    ),
    "differs in training mode": (
        "In training mode (model.train()) it computes something else than in evaluation mode: is there dropout or "
        "batch normalisation in it? The exercise's model has neither.",
        "在訓練模式（model.train()）下，它算出來的東西和評估模式不一樣：裡面是不是有 dropout "
        "或批次正規化？練習要的模型兩者都沒有。",
    ),
    "not 10 logits": (
        "On a batch of images of shape (N, 1, 28, 28) the model gives {shape}, not 10 logits per image.",
        "對形狀為 (N, 1, 28, 28) 的一批圖片，模型輸出的形狀是 {shape}，而不是每張圖片 10 個 logits。",
    ),
    "layer sizes": (
        "Its Linear layers go {got}; they should go {wanted}.",
        "它的 Linear 層是 {got}；應該是 {wanted}。",
    ),
    "final activation": (
        "Nothing should follow the last Linear layer: the model outputs logits, and it applies {activation} to "
        "them.",
        "最後一個 Linear 層之後不該再接任何東西：模型輸出的是 logits，它卻又套用了 {activation}。",
    ),
    "final softmax": (
        "It applies softmax to its output: the model should output logits, since CrossEntropyLoss applies softmax "
        "itself (the double softmax of lesson 02).",
        "它對輸出套用了 softmax：模型應該輸出 logits，因為 CrossEntropyLoss 自己會套用 softmax（第 02 課的雙重 "
        "softmax）。",
    ),
    "final log_softmax": (
        "It applies log_softmax to its output: the model should output logits, for CrossEntropyLoss.",
        "它對輸出套用了 log_softmax：模型應該輸出 logits，交給 CrossEntropyLoss。",
    ),
    "registered, never called": (
        "It has {activation} modules, but forward never applies them: what it computes is a chain of Linear "
        "layers, which collapses into one linear map. Call them in forward, between the layers.",
        "它有 {activation} 模組，但 forward 從來沒有用到它們：實際算出來的是一串 Linear 層，等於一個線性映射。請在 "
        "forward 裡、層與層之間呼叫它們。",
    ),
    "no nonlinearity": (
        "There is no nonlinearity between the Linear layers: without it, they collapse into one linear map. Put a "
        "{activation} after each hidden layer.",
        "Linear 層之間沒有非線性的激勵函數：少了它，這幾層就等於一個線性映射。請在每個隱藏層之後加上 {activation}。",
    ),
    "Sigmoid instead": (
        "It applies Sigmoid between the layers, where the exercise asks for {activation}.",
        "它在層與層之間用的是 Sigmoid，但練習要的是 {activation}。",
    ),
    "ReLU instead": (
        "It applies ReLU between the layers, where the exercise asks for {activation}.",
        "它在層與層之間用的是 ReLU，但練習要的是 {activation}。",
    ),
    "forward differs": (
        "What it computes differs from Flatten, then each Linear layer with a {activation} after every hidden one, "
        "logits out.",
        "它算出來的結果，和「攤平，再經過每個 Linear 層，每個隱藏層後接 {activation}，最後輸出 logits」不同。",
    ),
    "not a history": (
        "{name} should be the dict of per-epoch lists that fit returns.",
        "{name} 應該是 fit 傳回的字典，每個值都是逐 epoch 記錄的串列。",
    ),
    "percent": ("Give fractions between 0 and 1, not percentages.", "請給 0 到 1 之間的比例，而不是百分比。"),
    "not in class order": (
        "They are not in class-index order: entry k should be class k's.",
        "順序不是依照類別索引：第 k 個值應該屬於類別 k。",
    ),

    # 01_pixels
    "01.1 brightness, not a position": (
        "That is the brightest pixel's value; give its position, (row, column).",
        "這是最亮像素的數值；請給它的位置 (列, 行)。",
    ),
    "01.1 grid changed": (
        "grid is no longer the lesson's first training image: was it changed in place? Run the lesson's cells "
        "again from the one that makes grid.",
        "grid 已經不是課程裡的第一張訓練圖片了：它是不是被就地修改過？請從建立 grid 的那個儲存格開始，"
        "依序重新執行後面的儲存格。",
    ),
    "01.1 a flat index": (
        "That is one number, an index into the flattened grid; turn it into (row, column).",
        "這是一個數字，是攤平後 grid 的索引；請把它換成 (列, 行)。",
    ),
    "01.1 a pair of whole numbers": ("Give a (row, column) pair of whole numbers.", "請給一對整數 (列, 行)。"),
    "01.1 outside the grid": (
        "({row}, {col}) is not a pixel of the {height} x {width} grid: rows and columns count from 0.",
        "({row}, {col}) 不是這個 {height} x {width} grid 裡的像素：列和行都從 0 開始數。",
    ),
    "01.1 row and column swapped": (
        "Row and column are swapped: the row (down) comes first, then the column (across).",
        "列和行放反了：先寫列（往下數），再寫行（往右數）。",
    ),
    "01.1 the darkest pixel": (
        "That pixel is one of the darkest; the exercise asks for the brightest.",
        "這是最暗的像素之一；練習要的是最亮的。",
    ),
    "01.1 not the brightest": (
        "The pixel at ({row}, {col}) is not the brightest: some pixel is brighter.",
        "位於 ({row}, {col}) 的像素不是最亮的：還有更亮的像素。",
    ),
    "01.2 a shape, not a count": (
        "That is the picture's shape; once flattened, how many numbers does it hold?",
        "這是圖片的形狀；攤平之後，它總共有幾個數字？",
    ),
    "01.2 whole number": (
        "Give a whole number (an int): features are counted.",
        "請給一個整數（int）：特徵數是數出來的，不會有小數。",
    ),
    "01.2 forgot the channels": (
        "That counts one value per pixel, but a colour picture has three values (channels) per pixel.",
        "這是每個像素算一個值，但彩色圖片的每個像素有三個值（通道）。",
    ),
    "01.2 four channels": (
        "That counts four channels; a colour picture here has three: R, G and B.",
        "這是算成四個通道；這裡的彩色圖片只有 R、G、B 三個通道。",
    ),
    "01.2 the 28 x 28 images": (
        "That is a Fashion-MNIST image's count; the picture here is 64 x 64, in colour.",
        "這是 Fashion-MNIST 圖片的特徵數；這裡的圖片是 64 x 64 的彩色圖片。",
    ),
    "01.2 28 x 28 colour": (
        "That is a 28 x 28 colour picture; this one is 64 x 64.",
        "這是 28 x 28 彩色圖片的特徵數；這張是 64 x 64。",
    ),
    "01.2 one row": (
        "That counts one row of pixels (with its channels); flattening keeps every row.",
        "這只算了一列像素（含通道）；攤平會保留每一列。",
    ),
    "01.2 count every value": (
        "Count every value in the picture: one per channel, row and column.",
        "把圖片裡的每個值都算進去：每個通道、每一列、每一行各一個。",
    ),
    "01.3 three values per pixel": (
        "It still has three values per pixel; gray has one per pixel, shape {shape}.",
        "它每個像素還是有三個值；gray 每個像素只有一個值，形狀是 {shape}。",
    ),
    "01.3 gray shape": (
        "gray should have shape {shape}: one value per pixel, (height, width).",
        "gray 的形狀應該是 {shape}：每個像素一個值，(高, 寬)。",
    ),
    "01.3 gray is not float": (
        "gray should be a float tensor: the weighted sum has fractions.",
        "gray 應該是浮點數張量：加權和會有小數。",
    ),
    "01.3 divided by 255": (
        "Keep rgb's 0-255 scale: gray should not be divided by 255.",
        "請保持 rgb 的 0-255 範圍：gray 不該除以 255。",
    ),
    "01.3 plain average": (
        "That weighs the three channels equally; use the weights 0.299, 0.587 and 0.114.",
        "這是把三個通道平均；請用權重 0.299、0.587 和 0.114。",
    ),
    "01.3 rounded": ("It is rounded to whole numbers: keep the fractions.", "它被四捨五入成整數了：請保留小數。"),
    "01.3 weights on the wrong channels": (
        "The weights are on the wrong channels: 0.299 goes with R (rgb[0]), 0.587 with G, 0.114 with B.",
        "權重放錯通道了：0.299 配 R（rgb[0]），0.587 配 G，0.114 配 B。",
    ),
    "01.3 pixels differ": (
        "{count} of the {total} pixels differ from 0.299 R + 0.587 G + 0.114 B.",
        "{total} 個像素中有 {count} 個和 0.299 R + 0.587 G + 0.114 B 不同。",
    ),

    # 02_sigmoid_softmax_cross_entropy
    "02.1 not z's shape": (
        "log_softmax(z) should return a tensor of z's shape, {shape}, not a {kind} of another shape.",
        "log_softmax(z) 應該傳回和 z 同形狀 {shape} 的張量，而不是其他形狀的 {kind}。",
    ),
    "02.1 changes z in place": (
        "It changes z in place (z -= ... or z.sub_(...)), so the caller's logits are changed too: compute on a new "
        "tensor (z - ...).",
        "它就地修改了 z（z -= ... 或 z.sub_(...)），呼叫者的 logits 也跟著被改掉了：請在新的張量上計算（z - ...）。",
    ),
    "02.1 log of a softmax that underflowed": (
        "It gives -inf where a logit is far below its row's largest (like 0 and -200): the log of a softmax whose "
        "probability rounded to 0. Compute z - m - log(sum exp(z - m)) directly, without taking the log of a "
        "softmax.",
        "當某個 logit 遠小於同一列最大的值（例如 0 和 -200）時，它得到 -inf：這是對一個機率已經捨入成 0 的 softmax "
        "取 log。請直接計算 z - m - log(sum exp(z - m))，不要先算 softmax 再取 log。",
    ),
    "02.1 unstable": (
        "It gives inf or nan for large logits (like 1000): it is not numerically stable. Subtract each row's max "
        "before exp.",
        "遇到很大的 logits（例如 1000）時它得到 inf 或 nan：數值上不穩定。請在 exp 之前先減去每一列的最大值。",
    ),
    "02.1 softmax, not its log": ("That is the softmax; take its log.", "這是 softmax；還要取 log。"),
    "02.1 normalises columns": (
        "It normalises each column; normalise each row (dim=1), one row per example.",
        "它是對每一行做正規化；請對每一列（dim=1）做，每一列是一個樣本。",
    ),
    "02.1 one max for the batch": (
        "It subtracts one max for the whole batch; each row needs its own max, or a row of small logits underflows.",
        "它對整個批次只減一個最大值；每一列都需要自己的最大值，否則數值小的那一列會下溢位。",
    ),
    "02.1 m only inside": (
        "The max is subtracted inside the sum but not outside it: the formula is z - m - log(sum exp(z - m)).",
        "最大值只在總和裡面減了，外面沒有減：公式是 z - m - log(sum exp(z - m))。",
    ),
    "02.1 log of the sum missing": (
        "It subtracts the max but not the log of the sum of exponentials.",
        "它減了最大值，但沒有減掉指數總和的 log。",
    ),
    "02.1 same output whatever z": (
        "It gives the same output for different z: does it use its argument?",
        "不同的 z 得到相同的輸出：它有用到自己的引數嗎？",
    ),
    "02.1 log_softmax differs": (
        "On a batch of shape {shape} it differs from the log-softmax of each row.",
        "在形狀為 {shape} 的批次上，它和每一列的 log-softmax 不同。",
    ),
    "02.2 one loss per example": (
        "It returns one loss per example; the binary cross-entropy is their mean, one number.",
        "它傳回每個樣本各自的損失；二元交叉熵是它們的平均，一個數字。",
    ),
    "02.2 sign flipped": (
        "The sign is flipped: a loss is positive, so mind the minus sign in front of the sum.",
        "正負號反了：損失是正的，注意總和前面的負號。",
    ),
    "02.2 sum, not mean": ("That is the sum over the batch; take the mean.", "這是整個批次的總和；請取平均。"),
    "02.2 (1 - y) term missing": (
        "The (1 - y) log(1 - p) term is missing: examples with label 0 count too.",
        "少了 (1 - y) log(1 - p) 這一項：標籤為 0 的樣本也要算。",
    ),
    "02.2 y term missing": (
        "The y log p term is missing: examples with label 1 count too.",
        "少了 y log p 這一項：標籤為 1 的樣本也要算。",
    ),
    "02.2 p and 1 - p swapped": (
        "log p and log(1 - p) are swapped: y goes with log p, (1 - y) with log(1 - p).",
        "log p 和 log(1 - p) 放反了：y 配 log p，(1 - y) 配 log(1 - p)。",
    ),
    "02.2 p taken for logits": (
        "It treats p as logits (a sigmoid is applied again); p are probabilities already.",
        "它把 p 當成 logits（又套了一次 sigmoid）；p 已經是機率了。",
    ),
    "02.2 divides by a fixed number": (
        "It divides by a fixed number; divide by the batch's own size, which changes from batch to batch.",
        "它除以一個固定的數；請除以這個批次自己的大小，每個批次可能不同。",
    ),
    "02.2 clips p": (
        "It clips p away from 0 and 1, which changes the loss of a very confident prediction (p = 1e-9 and y = 1 "
        "cost -log p, about 20.7): compute the formula as written.",
        "它把 p 限制在離 0 和 1 有一段距離的範圍內，這會改變非常有把握的預測的損失（p = 1e-9、y = 1 時，損失是 "
        "-log p，大約 20.7）：請照公式原樣計算。",
    ),
    "02.2 bce differs": (
        "For a batch of {n} it differs from the mean binary cross-entropy.",
        "對大小為 {n} 的批次，它和平均二元交叉熵不同。",
    ),
    "02.3 same for every K": (
        "It gives the same value for every K, but the floor depends on the number of classes.",
        "每個 K 都得到同一個值，但這個下限會隨類別數改變。",
    ),
    "02.3 ln K": (
        "That is ln K, the loss of a uniform guess; the best softmax output does better than that.",
        "這是 ln K，均勻猜測的損失；最好的 softmax 輸出會比它好。",
    ),
    "02.3 K, not K - 1": (
        "It counts K classes beside the true one; there are K - 1 others.",
        "它把真實類別以外的類別算成 K 個；其他類別只有 K - 1 個。",
    ),
    "02.3 the best output's probability": (
        "That is the probability the loss gives the true class; the loss is minus its log.",
        "這是 CrossEntropyLoss 再做一次 softmax 後給真實類別的機率；損失是這個機率取 log 再加負號。",
    ),
    "02.3 no log": (
        "The log is missing: cross-entropy is minus the log of a probability.",
        "少了 log：交叉熵是機率取 log 後再取負號。",
    ),
    "02.3 sign flipped": ("The sign is flipped: a loss is positive.", "正負號反了：損失是正的。"),
    "02.3 floor differs": (
        "For K={K} it differs from the loss CrossEntropyLoss gives on the best possible softmax output.",
        "當 K={K} 時，它和 CrossEntropyLoss 在最好的 softmax 輸出上給的損失不同。",
    ),

    # 03_data_loading
    "03.1 a dict, not counts in order": (
        "That is a dict; the exercise asks for a tensor of 10 counts in class-index order, entry k for label k.",
        "這是字典；練習要的是依類別索引排列、含 10 個數量的張量，第 k 個值對應標籤 k。",
    ),
    "03.1 one count per class": (
        "counts should hold one count per class in one row, shape ({wanted},), not shape {got}.",
        "counts 應該是一列、每個類別一個數量，形狀為 ({wanted},)，而不是 {got}。",
    ),
    "03.1 counts as floats": (
        "counts holds floats; counts are whole numbers: keep the integer tensor that counting gives.",
        "counts 裡是浮點數；數量是整數：請保留計數得到的整數張量。",
    ),
    "03.1 fractions, not counts": ("Those are fractions; give the numbers of images.", "這些是比例；請給圖片的數量。"),
    "03.1 the test set's counts": (
        "Those are the test set's counts (1,000 of each); count the validation images.",
        "這是測試集的數量（每類 1,000 張）；請數驗證集的圖片。",
    ),
    "03.1 counts add up to": (
        "The counts add up to {total}, but data has {n} images: count the labels of the validation split itself.",
        "這些數量加起來是 {total}，但 data 有 {n} 張圖片：請數驗證集本身的標籤。",
    ),
    "03.1 some counts wrong": ("Some classes' counts are wrong.", "有些類別的數量不對。"),
    "03.2 a float count": (
        "It returns floats (like 3.0): give a whole number (an int), since a batch is never split.",
        "它傳回浮點數（例如 3.0）：請給整數（int），因為批次不會被拆開。",
    ),
    "03.2 a whole number of batches": (
        "num_batches should return a whole number (an int): a batch is never split.",
        "num_batches 應該傳回整數（int）：批次不會被拆開。",
    ),
    "03.2 forgets the short batch": (
        "It forgets the short last batch: with drop_last=False, a DataLoader keeps it.",
        "它漏了最後那個較小的批次：drop_last=False 時，DataLoader 會保留它。",
    ),
    "03.2 ignores drop_last": (
        "It ignores drop_last: with drop_last=True, a DataLoader drops a short last batch.",
        "它忽略了 drop_last：drop_last=True 時，DataLoader 會丟掉最後那個較小的批次。",
    ),
    "03.2 one too many": (
        "It counts one batch too many when n is a whole multiple of batch_size: then there is no short batch.",
        "當 n 剛好是 batch_size 的整數倍時，它多算了一個批次：這時沒有較小的批次。",
    ),
    "03.2 drop_last backwards": (
        "drop_last works the other way round: True drops the short batch, False keeps it.",
        "drop_last 用反了：True 會丟掉較小的批次，False 會保留。",
    ),
    "03.2 rounds to the nearest": (
        "It rounds n / batch_size to the nearest whole number; a short batch is kept or dropped however small or "
        "large it is.",
        "它把 n / batch_size 四捨五入；但較小的批次不管多小或多大，都是整個保留或整個丟掉。",
    ),
    "03.2 ignores batch_size": (
        "It gives the same counts whatever batch_size is: does it use its argument, not a fixed 32?",
        "不管 batch_size 是多少，它都給出一樣的數量：它有用到引數 batch_size 嗎？還是寫死成 32？",
    ),
    "03.2 default drop_last": (
        "Called without drop_last, it drops the short last batch: a DataLoader's default is drop_last=False.",
        "沒有傳入 drop_last 時，它丟掉了最後那個較小的批次：DataLoader 的預設是 drop_last=False。",
    ),
    "03.2 at least one batch": (
        "For n = 0 it counts a batch; a DataLoader over nothing makes no batches.",
        "n = 0 時它算出一個批次；沒有資料時，DataLoader 一個批次都不會產生。",
    ),
    "03.2 batches differ": (
        "It is wrong for n={n}, batch_size={b}, drop_last={d}.",
        "當 n={n}、batch_size={b}、drop_last={d} 時不對。",
    ),
    "03.3 a name, not an index": ("Give an index (a whole number), not a name.", "請給索引（整數），而不是名稱。"),
    "03.3 a tensor holding the index": (
        "bag_index is a tensor of shape {shape}, which indexes a dataset as a list of one: give one whole number "
        "(.item() turns a one-element tensor into one).",
        "bag_index 是形狀為 {shape} 的張量，拿它去索引資料集時會被當成只有一個元素的串列：請給一個整數（.item() "
        "可以把只有一個元素的張量變成一個數字）。",
    ),
    "03.3 one index": ("Give one index: a whole number.", "請給一個索引：一個整數。"),
    "03.3 not an index of data": (
        "{index} is not an index of data, which has {n} images.",
        "{index} 不是 data 的索引，data 共有 {n} 張圖片。",
    ),
    "03.3 Bag's label, not an index": (
        "That is Bag's label, its class index; the exercise asks for the index of an image.",
        "這是 Bag 的標籤（類別索引）；練習要的是圖片的索引。",
    ),
    "03.3 not a Bag": ("Image {index} is a {name}, not a Bag.", "第 {index} 張圖片是 {name}，不是 Bag。"),
    "03.3 not the first Bag": ("That is a Bag, but not the first one.", "這是 Bag，但不是第一個。"),

    # 04_how_a_network_learns
    "04.1 not z's shape": (
        "cross_entropy_grad(z, y) should return a tensor of z's shape, {shape}, not a {kind} of another shape.",
        "cross_entropy_grad(z, y) 應該傳回和 z 同形狀 {shape} 的張量，而不是其他形狀的 {kind}。",
    ),
    "04.1 unstable gradient": (
        "It gives inf or nan for logits far apart (like 1000 and -1000): compute the softmax stably (subtract each "
        "row's max).",
        "遇到相差很大的 logits（例如 1000 和 -1000）時它得到 inf 或 nan：請用穩定的方式計算 "
        "softmax（減去每一列的最大值）。",
    ),
    "04.1 uses autograd": (
        "It calls backward() (autograd), which the exercise asks you to do without: compute the gradient from the "
        "formula.",
        "它呼叫了 backward()（autograd），但練習要你不靠它：請用公式算出梯度。",
    ),
    "04.1 sign flipped": (
        "The sign is flipped: the true class's entries should be negative.",
        "正負號反了：真實類別那幾格應該是負的。",
    ),
    "04.1 not divided by N": (
        "That is the gradient of the summed loss; F.cross_entropy takes the batch mean.",
        "這是損失總和的梯度；F.cross_entropy 取的是批次的平均。",
    ),
    "04.1 softmax only": (
        "The one-hot of the labels is missing: the gradient is softmax minus one-hot.",
        "少了標籤的 one-hot：梯度是 softmax 減去 one-hot。",
    ),
    "04.1 one-hot missing": (
        "The one-hot of the labels is missing, and the division by N: the gradient is (softmax - onehot) / N.",
        "少了標籤的 one-hot，也少了除以 N：梯度是 (softmax - onehot) / N。",
    ),
    "04.1 divided by a fixed N": (
        "It divides by a fixed number; divide by the batch's own size.",
        "它除以一個固定的數；請除以這個批次自己的大小。",
    ),
    "04.1 grad differs": (
        "For a batch of {n} rows and {k} classes it differs from the gradient autograd computes.",
        "對 {n} 列、{k} 個類別的批次，它和 autograd 算出的梯度不同。",
    ),
    "04.2 uses torch.optim": (
        "It uses torch.optim, which the exercise asks you to do without: change each parameter yourself.",
        "它用了 torch.optim，但練習要你不靠它：請自己修改每個參數。",
    ),
    "04.2 gradients cleared": (
        "It also clears the gradients, which SGD's step() does not do: that is zero_grad()'s job, before the next "
        "backward().",
        "它還把梯度清掉了，但 SGD 的 step() 不會這樣做：那是下一次 backward() 之前 zero_grad() 的工作。",
    ),
    "04.2 gradients changed": (
        "It changes the gradients; step() only reads them and changes the parameters.",
        "它改動了梯度；step() 只讀取梯度，改動的是參數。",
    ),
    "04.2 did not change": (
        "The parameters it was given did not change: change each one in place (p -= ...), since p = p - ... makes "
        "a new tensor and leaves the model's own as it was.",
        "傳給它的參數沒有改變：請就地修改每個參數（p -= ...），因為 p = p - ... 會產生新的張量，"
        "模型自己的參數不會變。",
    ),
    "04.2 iterator used up": (
        "Given model.parameters(), an iterator that runs only once, the parameters did not change: walk over them "
        "once.",
        "傳入 model.parameters()（只能走訪一次的迭代器）時，參數沒有改變：請只走訪一次。",
    ),
    "04.2 moved up the gradient": (
        "The parameters moved up the gradient: subtract the step, do not add it.",
        "參數往梯度上升的方向移動了：請減去這一步，而不是加上。",
    ),
    "04.2 a fixed lr": (
        "With lr={lr} it still steps as if lr were 0.1: use the lr argument.",
        "lr={lr} 時，它仍然像 lr 是 0.1 一樣移動：請使用引數 lr。",
    ),
    "04.2 no learning rate": (
        "The step should be the learning rate times the gradient.",
        "這一步應該是學習率乘以梯度。",
    ),
    "04.2 lr squared": ("The step is multiplied by the learning rate twice.", "這一步乘了兩次學習率。"),
    "04.2 step differs": (
        "With lr={lr} the parameters differ from what torch.optim.SGD's step makes of them.",
        "lr={lr} 時，參數和 torch.optim.SGD 的 step 做出來的結果不同。",
    ),
    "04.3 a tensor, not a list": (
        "Give a Python list of learning rates, as the exercise asks, not a tensor or an array.",
        "請照練習的要求給一個 Python 串列的學習率，而不是張量或陣列。",
    ),
    "04.3 sweep changed": (
        "sweep holds the same losses for two learning rates: was it changed? Run the cell that makes sweep again.",
        "sweep 裡有兩個學習率的損失完全相同：它是不是被改過？請重新執行建立 sweep 的那個儲存格。",
    ),
    "04.3 a list, not a dict": ("Give a list of learning rates, not a dict.", "請給學習率的串列，而不是字典。"),
    "04.3 a list, even of one": (
        "Give a list of learning rates, even if there is only one.",
        "請給學習率的串列，即使只有一個。",
    ),
    "04.3 strings, not numbers": (
        "Your list holds strings (in quotes): give the learning rates as numbers, as sweep's keys are.",
        "你的串列裡是字串（有引號）：請像 sweep 的鍵一樣，用數字表示學習率。",
    ),
    "04.3 not a learning rate of sweep": (
        "{value} is not one of sweep's learning rates.",
        "{value} 不是 sweep 裡的學習率。",
    ),
    "04.3 all 300 losses": (
        "That averages all 300 losses; the exercise asks about the last 50.",
        "這是 300 個損失全部平均；練習問的是最後 50 個。",
    ),
    "04.3 the last loss only": (
        "That looks at the last loss only, one noisy batch; average the last 50.",
        "這只看了最後一個批次的損失，而單一批次的雜訊很大；請取最後 50 個的平均。",
    ),
    "04.3 the first 50": (
        "That averages the first 50 losses; the exercise asks about the last 50.",
        "這是前 50 個損失的平均；練習問的是最後 50 個。",
    ),
    "04.3 log10, not ln": (
        "That compares with log10(10) = 1; a uniform guess over 10 classes costs ln 10, the natural log.",
        "這是和 log10(10) = 1 比較；對 10 個類別均勻猜測的損失是 ln 10，自然對數。",
    ),
    "04.3 ever above": (
        "That counts a learning rate if any of its last 50 losses is above ln 10; the exercise asks about their "
        "mean.",
        "這是只要最後 50 個損失中有一個高於 ln 10 就算；練習問的是它們的平均。",
    ),
    "04.3 missing": (
        "{missing} learning rate(s) that end above ln 10 are missing from your list.",
        "你的串列少了 {missing} 個最後高於 ln 10 的學習率。",
    ),
    "04.3 extra": (
        "{extra} of yours do not end above ln 10 over their last 50 losses.",
        "你列出的學習率中，有 {extra} 個最後 50 個損失的平均並沒有高於 ln 10。",
    ),
    "04.3 missing and extra": (
        "{missing} that end above ln 10 are missing, and {extra} of yours do not.",
        "少了 {missing} 個最後高於 ln 10 的學習率，而你列出的有 {extra} 個並沒有高於。",
    ),

    # 05_baseline_model
    "05.1 a list of accuracies": (
        "It returns the batches' accuracies; return their plain mean, one number.",
        "它傳回每個批次的準確率；請傳回它們的簡單平均（一個數字）。",
    ),
    "05.1 weighted by batch size": (
        "That is the fraction of all images that are right, weighted by batch size; the exercise asks for the "
        "tutorial's plain mean over batches.",
        "這是依批次大小加權、所有圖片中答對的比例；練習要的是原教學的作法：各批次的簡單平均。",
    ),
    "05.1 the first batch only": (
        "That is the accuracy of the first batch only; average over all the batches.",
        "這只是第一個批次的準確率；請對所有批次取平均。",
    ),
    "05.1 the last batch only": (
        "That is the accuracy of the last batch only; average over all the batches.",
        "這只是最後一個批次的準確率；請對所有批次取平均。",
    ),
    "05.1 a count of right answers": (
        "That is the number of right answers; the exercise asks for a mean of accuracies.",
        "這是答對的數量；練習要的是準確率的平均。",
    ),
    "05.1 same answer for another model": (
        "It gives the same answer for another model on other data: does it use its arguments?",
        "換一個模型、換一份資料，它還是給出同樣的答案：它有用到自己的引數嗎？",
    ),
    "05.1 measured in training mode": (
        "On a model with dropout it gives another number than the model computes in evaluation mode: does it "
        "switch the model to training mode (model.train())? Measure in evaluation mode, model.eval().",
        "對含有 dropout 的模型，它算出的數字和模型在評估模式下算出的不同："
        "它是不是把模型切換成訓練模式（model.train()）了？請在評估模式下量測，也就是 model.eval()。",
    ),
    "05.1 batch mean differs": (
        "With batches of {batch_size} it differs from the plain mean of the batches' accuracies.",
        "批次大小為 {batch_size} 時，它和各批次準確率的簡單平均不同。",
    ),
    "05.2 returns a number, not a model": (
        "train_one_epoch should return the trained model, not a number.",
        "train_one_epoch 應該傳回訓練好的模型，而不是數字。",
    ),
    "05.2 not a logits model": (
        "It should return the logits model, Flatten then Linear(784, 10), with nothing after the Linear layer.",
        "它應該傳回 logits 模型：先 Flatten 再 Linear(784, 10)，Linear 層之後不接任何東西。",
    ),
    "05.2 never used its loader": (
        "It never went through the loader it was given: train on its `loader` argument.",
        "它沒有走訪傳給它的 loader：請用引數 `loader` 訓練。",
    ),
    "05.2 more than one epoch": (
        "It went through the loader {passes} times; the exercise asks for one epoch.",
        "它走訪了 loader {passes} 次；練習要的是一個 epoch。",
    ),
    "05.2 part of an epoch": (
        "It stopped before the end of the loader: one epoch is every batch, the short last one included.",
        "它沒有走完 loader 就停了：一個 epoch 要跑完所有批次，包括最後那個較小的。",
    ),
    "05.2 trained another model": (
        "The model it returns never saw a batch: return the model it trained.",
        "它傳回的模型從來沒有看過任何批次：請傳回訓練過的那個模型。",
    ),
    "05.2 weights never changed": (
        "The weights never changed: does it call optimizer.step() after backward()?",
        "權重一直沒有改變：它在 backward() 之後有呼叫 optimizer.step() 嗎？",
    ),
    "05.2 a fixed lr": (
        "With lr={lr} it trains as if lr were 0.1: give the optimizer the lr argument.",
        "lr={lr} 時，它的訓練就像 lr 是 0.1：請把引數 lr 交給最佳化器。",
    ),
    "05.2 not one epoch of plain SGD": (
        "With lr={lr} the weights differ from one epoch of plain SGD on its batches: plain SGD (no momentum), "
        "CrossEntropyLoss on the logits, and gradients cleared with zero_grad() before each backward()?",
        "lr={lr} 時，權重和用這些批次做一個 epoch 的單純 SGD 不同：是單純的 SGD（沒有動量）嗎？是對 logits 算 "
        "CrossEntropyLoss 嗎？每次 backward() 之前有用 zero_grad() 清除梯度嗎？",
    ),
    "05.2 a dict by lr": (
        "{name} should be a dict with one entry per learning rate, not a {kind}.",
        "{name} 應該是每個學習率一筆的字典，而不是 {kind}。",
    ),
    "05.2 the four lrs": (
        "{name} should have exactly the four learning rates 0.001, 0.01, 0.1 and 1.0 as keys.",
        "{name} 的鍵應該剛好是 0.001、0.01、0.1 和 1.0 這四個學習率。",
    ),
    "05.2 models holds models": (
        "models should hold the trained models, not a {kind}.",
        "models 裡應該放訓練好的模型，而不是 {kind}。",
    ),
    "05.2 measured on the test set": (
        "Those accuracies are the test set's: choose on the validation set, and leave the test set for the final "
        "model.",
        "這些是測試集上的準確率：請在驗證集上做選擇，把測試集留給最終模型。",
    ),
    "05.2 percent": (
        "Give accuracies as fractions between 0 and 1, as test_step does, not percentages.",
        "請像 test_step 一樣，用 0 到 1 之間的比例表示準確率，而不是百分比。",
    ),
    "05.2 not this model's validation accuracy": (
        "val_accs[{lr}] is not models[{lr}]'s accuracy on the validation set: measure each model on val_loader.",
        "val_accs[{lr}] 不是 models[{lr}] 在驗證集上的準確率：請在 val_loader 上評估每個模型。",
    ),
    "05.2 one model for every lr": (
        "Several learning rates share one model: train a fresh one for each.",
        "好幾個學習率共用同一個模型：請為每個學習率訓練一個新的。",
    ),
    "05.2 too high for one epoch": (
        "models[{lr}] scores higher on the validation set than one epoch on train_loader gives, even allowing for "
        "run-to-run spread: was it trained longer, or on more images (the validation set included)?",
        "models[{lr}] 在驗證集上的分數，比在 train_loader 上訓練一個 epoch 能達到的還高，"
        "即使考慮每次執行的差異也一樣：是不是訓練超過一個 epoch，或用了更多圖片（包括驗證集）？",
    ),
    "05.2 too low for one epoch": (
        "models[{lr}] scores lower on the validation set than any whole epoch on train_loader gives at this "
        "learning rate, where runs agree closely: did it stop part-way through the loader?",
        "models[{lr}] 在驗證集上的分數，比在 train_loader 上以這個學習率訓練完整一個 epoch 應有的還低，"
        "而這個學習率每次執行的結果都很接近：它是不是沒有走完 loader 就停了？",
    ),
    "05.2 best_lr one of": (
        "best_lr should be one of the four learning rates you measured, a key of val_accs.",
        "best_lr 應該是你量測過的四個學習率之一，也就是 val_accs 的一個鍵。",
    ),
    "05.2 best_lr not the best measured": (
        "best_lr is not the learning rate whose model scored highest in your measurements, val_accs.",
        "best_lr 不是你的量測結果 val_accs 中分數最高的學習率。",
    ),

    # 06_deeper_models
    "06.1 ignores width": (
        "bottleneck_model({width})'s first hidden layer has {got} units: it ignores width.",
        "bottleneck_model({width}) 的第一個隱藏層有 {got} 個單元：它忽略了 width。",
    ),
    "06.1 the same model every time": (
        "It returns the same model object each time it is called: build a new one on every call.",
        "每次呼叫都傳回同一個模型物件：請每次呼叫都建立新的模型。",
    ),
    "06.2 model_sigmoid is a trained model": (
        "model_sigmoid should be the trained model that train(sigmoid_model) returns first, not a {kind}.",
        "model_sigmoid 應該是 train(sigmoid_model) 傳回的第一個值，也就是訓練好的模型，而不是 {kind}。",
    ),
    "06.2 history of another run": (
        "This history does not belong to model_sigmoid: keep both from the same train(sigmoid_model) call.",
        "這份訓練紀錄不屬於 model_sigmoid：請從同一次 train(sigmoid_model) 呼叫中取得兩者。",
    ),
    "06.2 not as many epochs": (
        "Train it with train, as the ReLU model was, for the same {epochs} epochs.",
        "請像 ReLU 模型一樣用 train 訓練，同樣 {epochs} 個 epoch。",
    ),
    "06.2 faster is ReLU or Sigmoid": ('faster should be "ReLU" or "Sigmoid".', 'faster 應該是 "ReLU" 或 "Sigmoid"。'),
    "06.2 not the faster one": (
        "faster is not the activation with the higher validation accuracy after the first epoch, in the two "
        "histories.",
        "faster 不是兩份訓練紀錄中，第一個 epoch 後驗證準確率較高的那個激勵函數。",
    ),

    # shared: the kind of answer, and mistakes of several exercises
    "confusion changed": (
        "confusion's rows no longer count each class's validation images: was it changed? Run the cell that makes "
        "confusion again.",
        "confusion 每一列的總和已經不是各類別的驗證圖片數：它是不是被改過？請重新執行建立 confusion 的那個儲存格。",
    ),

    # 07_diagnose_and_improve
    "07.1 one number per class": (
        "per_class_acc should hold one number per class in one row, shape ({wanted},), not shape {got}.",
        "per_class_acc 應該是一列、每個類別一個數字，形狀為 ({wanted},)，而不是 {got}。",
    ),
    "07.1 column sums": (
        "That divides by the column sums, how often each class was predicted; divide by the number of images of "
        "each true class.",
        "這是除以每一行的總和，也就是每個類別被預測的次數；請除以每個真實類別的圖片數。",
    ),
    "07.1 counts": (
        "Those are counts; divide each by the number of images of its true class.",
        "這些是數量；請把每個數量除以它真實類別的圖片數。",
    ),
    "07.1 divided by all images": (
        "That divides by all the images; divide each class's count by its own number of images (its row).",
        "這是除以全部圖片數；請把每個類別的數量除以它自己的圖片數（它那一列）。",
    ),
    "07.1 error rates": (
        "Those are the fractions wrong; the exercise asks for the fractions right.",
        "這些是答錯的比例；練習要的是答對的比例。",
    ),
    "07.1 rounded": ("They are rounded: keep full precision.", "它們被四捨五入了：請保留完整的精度。"),
    "07.1 some fractions wrong": (
        "Some entries differ from the fraction of each class's images that the model gets right.",
        "有些值和模型在每個類別的圖片中答對的比例不同。",
    ),
    "07.2 an index, not a name": (
        "Give the class name (from class_names), not its index.",
        "請給類別名稱（取自 class_names），而不是它的索引。",
    ),
    "07.2 a class name": (
        "hardest should be a class name (a string), not a {kind}.",
        "hardest 應該是類別名稱（字串），而不是 {kind}。",
    ),
    "07.2 spelled differently": (
        "{value!r} is spelled differently from its entry in class_names: copy the name from there.",
        "{value!r} 的拼法和 class_names 裡的不一樣：請從那裡複製名稱。",
    ),
    "07.2 not a class name": ("{value!r} is not one of class_names.", "{value!r} 不在 class_names 裡。"),
    "07.2 the easiest": (
        "That is the easiest class: the model gets its images right most often.",
        "這是最簡單的類別：模型最常答對它的圖片。",
    ),
    "07.2 most often predicted wrongly": (
        "That class is most often predicted wrongly (its column); the hardest class is the one whose own images "
        "are most often missed (its row).",
        "這個類別是模型答錯時最常猜成的類別（它那一行）；最難的類別是自己的圖片最常被認錯的那個（它那一列）。",
    ),
    "07.2 counts, not fractions": (
        "That compares counts, but the classes have different numbers of images: compare the fraction of each "
        "class's images that are right.",
        "這是在比較數量，但各類別的圖片數不同：請比較每個類別答對的比例。",
    ),
    "07.2 another class is harder": (
        "Another class has a lower fraction of its images right.",
        "有另一個類別答對的比例更低。",
    ),
    "07.3 model_smooth is a trained model": (
        "model_smooth should be the trained model, not a {kind}.",
        "model_smooth 應該是訓練好的模型，而不是 {kind}。",
    ),
    "07.3 loss_smooth is a CrossEntropyLoss": (
        "loss_smooth should be nn.CrossEntropyLoss with label_smoothing={smoothing}.",
        "loss_smooth 應該是 label_smoothing={smoothing} 的 nn.CrossEntropyLoss。",
    ),
    "07.3 summed, not averaged": (
        'loss_smooth sums the batch\'s losses (reduction="sum"); the recipe\'s loss is their mean, the default.',
        'loss_smooth 把整個批次的損失加總（reduction="sum"）；配方的損失是它們的平均，也就是預設值。',
    ),
    "07.3 no smoothing": (
        "loss_smooth computes the plain cross-entropy: give it label_smoothing={smoothing}.",
        "loss_smooth 算的是一般的交叉熵：請給它 label_smoothing={smoothing}。",
    ),
    "07.3 dropout differs": (
        "Its dropout is {got}; rung 4's recipe has {wanted}. Dropout acts only while training, so build the model "
        "with mlp() from the recipe's own settings.",
        "它的 dropout 是 {got}；第 4 階的配方是 {wanted}。dropout 只在訓練時作用，所以請用 mlp() "
        "和配方本身的設定建立模型。",
    ),
    "07.3 smoothing is not 0.1": (
        "loss_smooth's label_smoothing is {got}; the exercise asks for {smoothing}.",
        "loss_smooth 的 label_smoothing 是 {got}；練習要的是 {smoothing}。",
    ),
    "07.3 batch norm missing": (
        "The recipe has batch normalisation after each hidden Linear layer: BatchNorm1d({hidden}), twice.",
        "這個配方在每個隱藏的 Linear 層之後都有批次正規化：BatchNorm1d({hidden})，共兩個。",
    ),
    "07.3 batch norm extra": (
        "It has batch normalisation, which the recipe does not.",
        "它有批次正規化，但配方裡沒有。",
    ),
    "07.3 epochs": (
        "history_smooth has {got} epochs; the recipe trains {epochs}.",
        "history_smooth 有 {got} 個 epoch；配方訓練 {epochs} 個。",
    ),
    "07.3 trained without smoothing": (
        "The training loss is below what label smoothing {smoothing} allows: was the model trained with this loss?",
        "訓練損失低於標籤平滑 {smoothing} 所能達到的下限：模型真的是用這個損失訓練的嗎？",
    ),
    "07.3 history of another run, with this loss": (
        "This history does not belong to model_smooth, measured with loss_smooth: keep all three from one run.",
        "這份訓練紀錄不屬於用 loss_smooth 評估的 model_smooth：請從同一次訓練取得這三者。",
    ),

    # 08_convolutions
    "08.1 a float size": (
        "It gives whole numbers as floats (26.0): a side is counted in pixels; // divides and rounds down to an int.",
        "它把整數以浮點數表示（26.0）：邊長是以像素計算的；// 會做除法並無條件捨去成 int。",
    ),
    "08.1 a whole number": (
        "Some sizes are not whole numbers: a kernel fits a whole number of times, and a part-way step does not count.",
        "有些邊長不是整數：卷積核能放下的次數是整數，走不完的一步不算。",
    ),
    "08.1 parameter names": (
        "conv_output_size(28, 3, padding=1) fails: keep the parameter names n, kernel_size, stride and padding.",
        "conv_output_size(28, 3, padding=1) 出錯了：請保留參數名稱 n、kernel_size、stride 和 padding。",
    ),
    "08.1 defaults": (
        "With stride or padding left out it gives other sizes: their defaults should be stride 1 and padding 0, as "
        "in nn.Conv2d.",
        "省略 stride 或 padding 時，它給出的邊長不對：預設值應該是 stride 1、padding 0，和 nn.Conv2d 一樣。",
    ),
    "08.1 rounds up": (
        "It rounds up where a stride does not divide evenly: the kernel's last step must fit inside the padded input, "
        "so round down.",
        "步幅無法整除時，它無條件進位了：卷積核的最後一步必須落在填補後的輸入之內，所以要無條件捨去。",
    ),
    "08.1 rounds to the nearest": (
        "It rounds to the nearest whole number; a step that does not fit does not count, so round down.",
        "它四捨五入到最接近的整數；放不下的一步不算，所以要無條件捨去。",
    ),
    "08.1 one too few": (
        "Every size is one too small: the kernel's first position counts too, before any step.",
        "每個邊長都少了 1：卷積核的第一個位置也要算，它還沒有走任何一步。",
    ),
    "08.1 adds 1 before dividing": (
        "It adds the 1 before dividing by the stride: the 1 is the first position, and only the steps after it are "
        "divided.",
        "它在除以步幅之前就加了 1：這個 1 是第一個位置，只有之後的步數才要除以步幅。",
    ),
    "08.1 padding on one side": (
        "It counts the padding once: padding adds rows and columns of zeros on both sides.",
        "它只把填補算了一次：填補會在兩側都加上幾列和幾行的 0。",
    ),
    "08.1 ignores padding": (
        "It gives the same size whatever the padding: padding makes the input larger on both sides.",
        "不論填補多少，它給出的邊長都一樣：填補會讓輸入的兩側都變大。",
    ),
    "08.1 ignores stride": (
        "It gives the same size whatever the stride: with stride s the kernel moves s pixels at a time.",
        "不論步幅多少，它給出的邊長都一樣：步幅為 s 時，卷積核一次移動 s 個像素。",
    ),
    "08.1 stride divides the kernel only": (
        "Only the kernel's size is divided by the stride: put parentheses around everything the stride divides.",
        "只有卷積核的大小被除以步幅：請用括號把要除以步幅的部分全部括起來。",
    ),
    "08.1 sizes differ": (
        "For n={n}, kernel_size={k}, stride={s}, padding={p} it gives {got}, not the size nn.Conv2d gives.",
        "當 n={n}、kernel_size={k}、stride={s}、padding={p} 時，它給出 {got}，和 nn.Conv2d 的結果不同。",
    ),
    "08.2 uses PyTorch's convolution": (
        "It calls PyTorch's convolution ({op}): the exercise is to compute it yourself, with loops or slicing.",
        "它呼叫了 PyTorch 的卷積（{op}）：這個練習要你自己算出來，用迴圈或切片。",
    ),
    "08.2 complex": (
        "It returns complex numbers (an FFT's result?): a convolution of real images and kernels is real; keep the "
        "real part, or compute with sums of products.",
        "它傳回的是複數（是 FFT 的結果嗎？）：實數圖片和實數卷積核的卷積是實數；請取實部，或改用乘積的總和來計算。",
    ),
    "08.2 flips the kernel": (
        "It flips the kernel first: that is the mathematicians' convolution; nn.Conv2d does not flip it.",
        "它先把卷積核翻轉了：那是數學上的卷積；nn.Conv2d 不會翻轉卷積核。",
    ),
    "08.2 kernel transposed": (
        "Its kernel is transposed (rows for columns): w[u, v] multiplies the pixel u rows down and v columns right.",
        "它的卷積核被轉置了（列和行對調）：w[u, v] 乘的是往下 u 列、往右 v 行的像素。",
    ),
    "08.2 ignores padding": (
        "It ignores the padding: add that many rows and columns of zeros around x before sliding the kernel.",
        "它忽略了填補：滑動卷積核之前，要先在 x 的四周加上那麼多列和行的 0。",
    ),
    "08.2 ignores stride": (
        "It ignores the stride: the kernel should move stride pixels at a time.",
        "它忽略了步幅：卷積核一次應該移動 stride 個像素。",
    ),
    "08.2 stride skips outputs, not positions": (
        "It has the right shape, but output (i, j) reads the patch at (i, j): with a stride the patch starts at "
        "(i * stride, j * stride).",
        "形狀對了，但輸出 (i, j) 讀的是位於 (i, j) 的區塊：有步幅時，區塊應該從 (i * stride, j * stride) 開始。",
    ),
    "08.2 pads with edge values": (
        "It pads by repeating the edge pixels: padding adds zeros.",
        "它的填補是重複邊緣的像素：填補應該補 0。",
    ),
    "08.2 averages": (
        "It averages the products: a convolution adds them up.",
        "它把乘積取平均：卷積是把乘積加總。",
    ),
    "08.2 adds a bias": (
        "Every value is off by the same amount: is a bias added? The exercise has none.",
        "每個值都差了同樣的量：是不是加了偏差（bias）？這個練習沒有偏差。",
    ),
    "08.2 shape": (
        "For x of shape {x_shape}, w of shape {w_shape}, stride {s} and padding {p} it returns shape {got}: "
        "exercise 1's formula gives each side (rows from the kernel's rows, columns from its columns).",
        "當 x 的形狀為 {x_shape}、w 的形狀為 {w_shape}、stride 為 {s}、padding 為 {p} 時，它傳回的形狀是 "
        "{got}：練習 1 的公式可以算出每一邊（列數由卷積核的列數決定，行數由它的行數決定）。",
    ),
    "08.2 values differ": (
        "For x of shape {x_shape}, w of shape {w_shape}, stride {s} and padding {p} its values differ from "
        "F.conv2d's.",
        "當 x 的形狀為 {x_shape}、w 的形狀為 {w_shape}、stride 為 {s}、padding 為 {p} 時，它算出的值和 "
        "F.conv2d 不同。",
    ),
    "08.3 large shifts": (
        "It fails or goes wrong when a shift is as large as the image or larger: then every pixel leaves, and the "
        "result is all zeros.",
        "位移和圖片一樣大或更大時，它出錯或算錯了：那時每個像素都移出去了，結果應該全部是 0。",
    ),
    "08.3 dtype changed": (
        "Given {dtype} images it returns {got}: keep the images' dtype (torch.zeros_like does).",
        "輸入 {dtype} 的圖片，它卻傳回 {got}：請保留圖片原本的 dtype（torch.zeros_like 會保留）。",
    ),
    "08.3 shares memory": (
        "It returns images itself or a view of it, so changing the result would change images: return a new "
        "tensor.",
        "它傳回的是 images 本身或它的檢視（view），改動結果就會改到 images：請傳回新的張量。",
    ),
    "08.3 directions reversed": (
        "It moves the images the other way: a positive down moves them down, a positive right to the right.",
        "它把圖片往反方向移了：down 為正時往下移，right 為正時往右移。",
    ),
    "08.3 down and right swapped": (
        "It moves down by right and right by down: rows are the second-to-last dimension, columns the last.",
        "它往下移了 right、往右移了 down：列是倒數第二個維度，行是最後一個維度。",
    ),
    "08.3 wraps around": (
        "What leaves on one side comes back on the other (torch.roll does that): fill what comes in with 0.",
        "從一邊移出去的像素又從另一邊回來了（torch.roll 就是這樣）：移進來的部分要補 0。",
    ),
    "08.3 fills with something else": (
        "The pixels move to the right place, but what comes in is not 0.",
        "像素移到了正確的位置，但移進來的部分不是 0。",
    ),
    "08.3 a zero shift": (
        "It goes wrong when down or right is 0 (a slice such as [:-0] is empty): a zero shift leaves that direction "
        "as it is.",
        "down 或 right 為 0 時它算錯了（像 [:-0] 這樣的切片是空的）：位移為 0 時，那個方向應該保持不變。",
    ),
    "08.3 negative shifts": (
        "It goes wrong for negative shifts: a negative down moves the images up, a negative right to the left.",
        "負的位移它算錯了：down 為負時圖片往上移，right 為負時往左移。",
    ),
    "08.3 shape changed": (
        "Given images of shape {shape} it returns shape {got}: keep the shape, cutting off what leaves the image.",
        "輸入形狀為 {shape} 的圖片，它卻傳回形狀 {got}：請保持形狀不變，把移出圖片的部分切掉。",
    ),
    "08.3 shifted images differ": (
        "For images of shape {shape}, down={d} and right={r} the result differs from the images moved that far.",
        "對形狀為 {shape} 的圖片，當 down={d}、right={r} 時，結果和把圖片移動那麼遠的樣子不同。",
    ),
}

ERRORS = {  # a learner's code raised: which error, where, and what it usually means
    "raised": ("Your code raised {error}", "你的程式碼發生錯誤 {error}"),
    "where": (", at line {line} of its cell: `{code}`. ", "，在儲存格的第 {line} 行：`{code}`。"),
    "no line": (". ", "。"),
    "in the check": (
        "The check could not use what your answer gave it ({error}): is it the kind of thing the exercise asks for?",
        "檢查無法使用你的答案（{error}）：你給的是練習要求的那種東西嗎？",
    ),
    "one_hot": (
        "F.one_hot(y) guesses the number of classes from the largest label in y; give it num_classes=z.shape[1].",
        "F.one_hot(y) 會從 y 裡最大的標籤猜類別數；請給它 num_classes=z.shape[1]。",
    ),
    "leaf in place": (
        "PyTorch refuses to change a weight that requires grad in place while it records gradients: make the "
        "update under torch.no_grad().",
        "在記錄梯度時，PyTorch 不允許就地修改需要梯度的權重：請在 torch.no_grad() 之下更新。",
    ),
    "return_types": (
        ".max(dim=...) gives two things, the values and their indices: take .values.",
        ".max(dim=...) 會給出兩樣東西：數值和它們的索引；請取 .values。",
    ),
    "math on a tensor": (
        "A function for one Python number (math.log, float(), ...) got a tensor of many numbers: on tensors use "
        "torch's functions (torch.log, or the tensor's .log()).",
        "只接受一個 Python 數字的函式（math.log、float() 等）收到了含有許多數字的張量：張量請用 torch "
        "的函式（torch.log，或張量的 .log()）。",
    ),
    "torch on a number": (
        "torch's functions take tensors; on a plain Python number use the math module (math.log, math.exp).",
        "torch 的函式只接受張量；一般的 Python 數字請用 math 模組（math.log、math.exp）。",
    ),
    "shapes": (
        "The shapes do not line up. A sum or max over one dimension drops that dimension unless you pass "
        "keepdim=True; or a dim is not the one you meant (an operation on each row of a batch uses dim=1).",
        "形狀對不上。對某一維取 sum 或 max 會把那一維去掉，除非加上 keepdim=True；或是 dim 不是你想的那一維（對"
        "批次的每一列運算要用 dim=1）。",
    ),
    "matmul shapes": (
        "A layer got inputs of the wrong size: images must be flattened to 784 numbers first, and each Linear "
        "layer's inputs must match the previous one's outputs.",
        "某一層收到的輸入大小不對：圖片要先攤平成 784 個數字，而且每個 Linear 層的輸入要和前一層的輸出一致。",
    ),
    "dim out of range": ("The tensor has fewer dimensions than that dim asks for.", "張量的維度比 dim 要求的少。"),
    "name": (
        "A name is not defined where your code runs: check its spelling, and run the cell that defines it.",
        "程式碼執行時找不到某個名稱：請檢查拼字，並執行定義它的儲存格。",
    ),
    "attribute": (
        "A value does not have that attribute: is it the type you expected (a tensor, a number, a model)?",
        "這個值沒有那個屬性：它是你預期的型別嗎（張量、數字、模型）？",
    ),
    "zero division": (
        "Something was divided by zero: was a count or a size 0?",
        "有東西除以零：是不是某個數量或大小是 0？",
    ),
    "generic": ("Read that line: it is where your code failed.", "請看那一行：你的程式碼就是在那裡出錯的。"),
}

HINTS = {  # one step closer each time; never code
    "01.1": [
        ("The brightest pixel holds the largest value of grid.", "最亮的像素就是 grid 裡數值最大的那個。"),
        (
            "argmax on the flattened grid gives one index into the 784 values.",
            "對攤平的 grid 用 argmax，會得到 784 個值中的一個索引。",
        ),
        (
            "A flat index i of a grid with 28 columns is in row i // 28, column i % 28 (divmod gives both).",
            "一個 28 行的 grid，攤平後的索引 i 在第 i // 28 列、第 i % 28 行（divmod 可以同時算出兩者）。",
        ),
    ],
    "01.2": [
        ("Flattening keeps every number: count them.", "攤平不會丟掉任何數字：把它們數一數。"),
        (
            "A colour picture has one value per channel, row and column.",
            "彩色圖片的每個通道、每一列、每一行各有一個值。",
        ),
    ],
    "01.3": [
        (
            "Each output pixel is a weighted sum of the same pixel's three channel values.",
            "每個輸出像素，是同一個像素三個通道數值的加權和。",
        ),
        (
            "rgb[0], rgb[1] and rgb[2] are the R, G and B planes, each (25, 25).",
            "rgb[0]、rgb[1]、rgb[2] 分別是 R、G、B 平面，每個都是 (25, 25)。",
        ),
        (
            "Convert to float before multiplying, and keep the 0-255 scale.",
            "相乘之前先轉成浮點數，並保持 0-255 的範圍。",
        ),
    ],
    "02.1": [
        (
            "Work row by row: every reduction uses dim=1 and keepdim=True, so it broadcasts back over the row.",
            "逐列計算：每個彙總運算（sum、max）都用 dim=1 和 keepdim=True，這樣結果才能廣播回整列。",
        ),
        (
            "m is each row's max (a max over dim=1 gives values and indices).",
            "m 是每一列的最大值（對 dim=1 取 max 會給出數值和索引）。",
        ),
        (
            "Never take the log of a softmax: a probability that rounds to 0 gives -inf. Subtract the log of the "
            "sum of exp(z - m) instead.",
            "不要對 softmax 取 log：捨入成 0 的機率會得到 -inf。請改成減去 exp(z - m) 總和的 log。",
        ),
    ],
    "02.2": [
        ("Compute the loss of every example first, then average.", "先算出每個樣本的損失，再取平均。"),
        (
            "Label 1 costs -log p; label 0 costs -log(1 - p).",
            "標籤 1 的損失是 -log p；標籤 0 的損失是 -log(1 - p)。",
        ),
        (
            "p and y are tensors: use torch's log, not the math module's.",
            "p 和 y 是張量：請用 torch 的 log，不要用 math 模組的。",
        ),
    ],
    "02.3": [
        (
            "The best softmax output puts probability 1 on the true class and 0 elsewhere; CrossEntropyLoss treats "
            "it as logits and applies softmax again.",
            "最好的 softmax 輸出把機率 1 給真實類別、其他都是 0；CrossEntropyLoss 把它當成 logits，又做一次 "
            "softmax。",
        ),
        (
            "The second softmax gives the true class e / (e + K - 1).",
            "第二次 softmax 給真實類別的機率是 e / (e + K - 1)。",
        ),
        ("K is a plain Python number: the math module works on it.", "K 是一般的 Python 數字：可以用 math 模組。"),
    ],
    "03.1": [
        (
            "The labels of the validation split are train_data.targets at val_set.indices.",
            "驗證集的標籤，就是 train_data.targets 在 val_set.indices 位置上的值。",
        ),
        (
            "Count how often each label 0-9 occurs; torch.bincount does that in one call.",
            "數一數每個標籤 0-9 出現幾次；torch.bincount 一次就能做到。",
        ),
    ],
    "03.2": [
        (
            "Every full batch holds batch_size items; the rest, if any, is the short last batch.",
            "每個完整的批次有 batch_size 個項目；剩下的（如果有）就是最後那個較小的批次。",
        ),
        (
            "n // batch_size counts the full batches; n % batch_size is what is left over.",
            "n // batch_size 算的是完整的批次數；n % batch_size 是剩下的數量。",
        ),
        ("drop_last decides whether the left-over batch counts.", "drop_last 決定剩下的那個批次算不算。"),
    ],
    "03.3": [
        (
            "test_data.targets holds every test image's label, in order.",
            "test_data.targets 依序存著每張測試圖片的標籤。",
        ),
        ("Bag's label is its position in class_names.", "Bag 的標籤就是它在 class_names 中的位置。"),
        (
            "Find the positions where the labels equal Bag's, and take the first.",
            "找出標籤等於 Bag 的位置，取第一個。",
        ),
    ],
    "04.1": [
        (
            "Lesson 04 derived it: the gradient of the mean cross-entropy is (softmax - onehot) / N.",
            "第 04 課推導過：平均交叉熵的梯度是 (softmax - onehot) / N。",
        ),
        (
            "The softmax is over each row (dim=1); the one-hot needs as many columns as z has.",
            "softmax 是對每一列（dim=1）做；one-hot 的行數要和 z 一樣多。",
        ),
        ("N is the number of rows of this batch.", "N 是這個批次的列數。"),
    ],
    "04.2": [
        (
            "Each parameter moves by minus lr times its own .grad.",
            "每個參數移動的量，是負的 lr 乘以它自己的 .grad。",
        ),
        ("Change the tensors in place, so the model sees the change.", "請就地修改張量，模型才看得到改變。"),
        (
            "Do it under torch.no_grad(): the update itself must not be recorded for backward.",
            "請在 torch.no_grad() 之下做：更新本身不能被記錄到反向傳播裡。",
        ),
        (
            "Walk over the parameters only once: model.parameters() is used up after one pass.",
            "參數只能走訪一次：model.parameters() 走完一次就沒了。",
        ),
    ],
    "04.3": [
        (
            "For each learning rate in sweep, average its last 50 losses.",
            "對 sweep 裡的每個學習率，平均它最後 50 個損失。",
        ),
        (
            "Compare each average with ln 10, the natural log (math.log).",
            "把每個平均和 ln 10（自然對數，math.log）比較。",
        ),
        ("Keep the learning rates (the dict's keys), not the losses.", "留下的是學習率（字典的鍵），不是損失。"),
    ],
    "05.1": [
        (
            "Go through the loader once; compute every batch's accuracy with the model you are given.",
            "走訪 loader 一次；用傳進來的模型算出每個批次的準確率。",
        ),
        (
            "The plain mean gives every batch the same weight, whatever its size.",
            "簡單平均讓每個批次的權重一樣，不論它多大。",
        ),
        (
            "Predictions are argmax over each row (dim=1) of the model's output.",
            "預測是模型輸出每一列（dim=1）的 argmax。",
        ),
    ],
    "05.2": [
        (
            "train_one_epoch is the lesson's training loop for one epoch, over its loader argument, with a new "
            "model and a new SGD optimizer at lr.",
            "train_one_epoch 就是本課的訓練迴圈，只跑一個 epoch：走訪引數 loader，並建立新的模型和學習率為 lr 的新 "
            "SGD 最佳化器。",
        ),
        (
            "Then loop over the four learning rates: train a model on train_loader, keep it, and measure it with "
            "test_step on val_loader.",
            "接著用迴圈跑過四個學習率：在 train_loader 上訓練模型、存起來，再用 test_step 在 val_loader 上評估。",
        ),
        (
            "best_lr is the learning rate with the highest accuracy in your val_accs; the test set plays no part.",
            "best_lr 是你的 val_accs 中準確率最高的學習率；測試集完全不參與。",
        ),
    ],
    "06.1": [
        (
            "Start from model 2 and change only the layers' sizes: 784 → width → 8 → 10.",
            "從模型 2 出發，只改各層大小：784 → width → 8 → 10。",
        ),
        (
            "The ReLUs must be applied to the data between the layers, in forward (an nn.Sequential does that for "
            "the modules it holds).",
            "ReLU 必須在 forward 裡、層與層之間作用在資料上（nn.Sequential 會替它裝的模組做到這件事）。",
        ),
        (
            "Nothing comes after the last Linear layer: the model outputs logits.",
            "最後一個 Linear 層之後不接任何東西：模型輸出 logits。",
        ),
    ],
    "06.2": [
        (
            "sigmoid_model is model 2's deep 256-unit model with nn.Sigmoid() where it has nn.ReLU().",
            "sigmoid_model 就是模型 2 那個 256 單元的深層模型，把 nn.ReLU() 換成 nn.Sigmoid()。",
        ),
        (
            "train(sigmoid_model) returns the model and its history: keep both from that one call.",
            "train(sigmoid_model) 會傳回模型和它的訓練紀錄：兩者都從這一次呼叫取得。",
        ),
        ("Compare the first entries of the two histories' val_acc.", "比較兩份訓練紀錄中 val_acc 的第一個值。"),
    ],
    "07.1": [
        (
            "Row k of confusion counts the images whose true class is k; its diagonal entry, those predicted right.",
            "confusion 的第 k 列，是真實類別為 k 的圖片；它的對角線元素，是預測正確的數量。",
        ),
        ("Divide each diagonal entry by its row's sum.", "把每個對角線元素除以它那一列的總和。"),
    ],
    "07.2": [
        (
            "The hardest class has the lowest fraction of its own images right: exercise 1's numbers.",
            "最難的類別，是自己的圖片答對比例最低的那個：也就是練習 1 的數字。",
        ),
        ("argmin gives its index; class_names gives its name.", "argmin 給出它的索引；class_names 給出它的名稱。"),
    ],
    "07.3": [
        (
            "Build the model with mlp() from rung 4's recipe, as run() does, and train it with fit for the "
            "recipe's epochs.",
            "像 run() 一樣，用第 4 階配方的設定以 mlp() 建立模型，再用 fit 訓練配方指定的 epoch 數。",
        ),
        (
            "Give fit the smoothed loss: it trains with it and measures the history with it.",
            "把有標籤平滑的損失交給 fit：它會用這個損失訓練，也用它計算訓練紀錄。",
        ),
        (
            "Keep the model, that loss and the history fit returns, all from the same run.",
            "保存模型、那個損失和 fit 傳回的訓練紀錄，三者都來自同一次訓練。",
        ),
    ],    "08.1": [
        (
            "Padding p makes the input n + 2p wide; count how many positions a k-wide kernel has in it at stride 1.",
            "填補 p 讓輸入變成 n + 2p 寬；先算在步幅 1 時，寬度 k 的卷積核在裡面有幾個位置。",
        ),
        (
            "After the first position, each step moves s pixels: how many whole steps fit in what is left?",
            "第一個位置之後，每一步移動 s 個像素：剩下的寬度裡能放下幾個完整的步？",
        ),
    ],
    "08.2": [
        (
            "Pad first: a new tensor of zeros, 2 * padding larger on each side, with x copied into its middle.",
            "先做填補：建立一個每邊大 2 * padding 的全 0 新張量，再把 x 複製到它的中間。",
        ),
        (
            "The output's rows and columns come from exercise 1's formula, the kernel's rows and columns separately.",
            "輸出的列數和行數用練習 1 的公式算，卷積核的列和行分開算。",
        ),
        (
            "Output (i, j) multiplies w by the patch whose top-left corner is at (i * stride, j * stride), and sums.",
            "輸出 (i, j) 是把 w 乘上左上角位於 (i * stride, j * stride) 的區塊，再加總。",
        ),
    ],
    "08.3": [
        (
            "Start from zeros of the same shape and dtype; copy in only the part of the image that stays inside.",
            "從形狀和 dtype 都相同的全 0 張量開始，只把仍留在圖片內的部分複製進去。",
        ),
        (
            "Moving down by d, output row r comes from input row r - d: work out which rows exist for d > 0 and "
            "d < 0, then the same for columns.",
            "往下移 d 時，輸出的第 r 列來自輸入的第 r - d 列：分別算出 d > 0 和 d < 0 時有哪些列存在，行也一樣。",
        ),
        (
            "When |d| is the height or more, nothing stays inside: the result is all zeros.",
            "當 |d| 大於或等於高度時，沒有任何部分留在圖片內：結果全部是 0。",
        ),
    ],
}
