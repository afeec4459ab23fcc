"""The self-check that every notebook's exercises use."""

import torch


def check(answer, expected, what: str = "your answer") -> None:
    """Say 'not done yet' for None, 'correct' if `answer` matches, else raise what differs. Introduced in 01_pixels."""
    if answer is None:
        print(f"Not done yet: {what} is still None.")
        return
    torch.testing.assert_close(torch.as_tensor(answer), torch.as_tensor(expected), check_dtype=False,
                               msg=lambda details: f"{what} is not right yet.\n{details}")
    print(f"Correct: {what}.")
