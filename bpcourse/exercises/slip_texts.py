"""The texts of notebook 10's case files, kept apart from the code that checks them.

One entry per case: its title; the letters of the derivation's lines and the one that holds
the slip; feedback for each wrong pick (which never names the answer); a nudge for a student
who asks again; the explanation shown after a right pick or a right fix; the hint for handing
back the claim unchanged; and the hints of the known wrong fixes, by name. The functions
(claims, fixes, wrong fixes) live in :mod:`bpcourse.exercises.slips`.
"""

LATER = ("This line follows correctly from the lines before it and so inherits their error: it is false, but "
         "it is not the slip. The slip is earlier.")

TEXTS = {
    1: dict(
        title="The output error, quadratic cost",
        lines=("a", "b", "c", "d"), slip_line="a",
        line_hints={
            "b": "Line (b) is the chain rule with the single path z^L_j → a^L_j → C; it is right.",
            "c": "Line (c) is right: a^L_j = σ(z^L_j), so its derivative is σ'(z^L_j).",
            "d": LATER},
        nudge="The claimed δ^L divided by the true one is −1 in every entry: which line can flip a sign?",
        explanation="Line (a) differentiates ½(y_j − a_j)² with respect to a_j and forgets the inner derivative "
                    "∂(y_j − a_j)/∂a_j = −1. The result is (a_j − y_j), not (y_j − a_j); line (d) puts the lines "
                    "together correctly and inherits the wrong sign. With the wrong sign every gradient points "
                    "exactly the wrong way (relative error 1), and gradient descent climbs the cost.",
        claim_hint="Redo the derivative of the cost slowly: what is the derivative of (y_j − a_j)² with respect "
                   "to a_j?",
        mistakes={
            "the slip without σ'": "The sign is still the claim's, and σ'(z^L) is gone as well.",
            "the sign fixed but σ' dropped": "The sign is right now, but line (c) still holds: BP1 multiplies "
                                             "by σ'(z^L).",
            "σ'(a) in place of σ'(z)": "The sign is right now, but σ' is evaluated at the weighted input: "
                                       "σ'(z^L) = a^L(1 − a^L), not σ'(a^L)."}),
    2: dict(
        title="The output error as a sum over paths",
        lines=("a", "b", "c", "d"), slip_line="b",
        line_hints={
            "a": "Line (a) is the multivariable chain rule, summed over every output activation a^L_k; "
                 "summing over all k is never wrong (terms that vanish simply vanish).",
            "c": LATER,
            "d": "The first half of line (d), ∂C/∂a^L_k = a^L_k − y_k, is right: it is the derivative of "
                 "½ Σ_k (a^L_k − y_k)². But its conclusion puts that into the sum of line (c): it follows "
                 "correctly from the earlier lines and inherits their error, so it is false, and the slip is "
                 "earlier."},
        nudge="In the claim every output neuron's error carries the errors of all the others. Which line lets "
              "a^L_k depend on z^L_j for k ≠ j?",
        explanation="Line (b) says ∂a^L_k/∂z^L_j = σ'(z^L_j) for every k. But a^L_k = σ(z^L_k) depends on z^L_j only "
                    "when k = j; for k ≠ j the derivative is 0. The sum in (a) collapses to its k = j term, and "
                    "δ^L_j = (a^L_j − y_j) σ'(z^L_j). Keeping every k mixes all the output errors into each neuron.",
        claim_hint="Your function still adds up the errors of every output neuron. Which terms of the sum in (a) "
                   "really survive?",
        mistakes={
            "the sum over k kept, without σ'": "Still summing over every output neuron k, and σ' is gone.",
            "the sum collapsed but σ' dropped": "The sum is gone, as it should be, but the surviving k = j term "
                                                "still carries σ'(z^L_j).",
            "σ'(a) in place of σ'(z)": "The sum is gone, as it should be, but σ' is evaluated at the weighted "
                                       "input: σ'(z^L_j), not σ'(a^L_j)."}),
    3: dict(
        title="The hidden error: which index goes first",
        lines=("a", "b", "c", "d"), slip_line="c",
        line_hints={
            "a": "Line (a) is the chain rule through every weighted input z^{l+1}_k of the next layer; it is right.",
            "b": "Line (b) is right: it is z^{l+1} = W^{l+1} a^l + b^{l+1} written out for row k.",
            "d": LATER},
        nudge="The output layer's gradients agree and every layer below disagrees, and the claim runs only "
              "because every W is square. Which line decides how w^{l+1} is indexed?",
        explanation="Line (c) swaps the indices of the weight. In z^{l+1}_k = Σ_i w^{l+1}_{ki} σ(z^l_i) + "
                    "b^{l+1}_k the term with i = j is w^{l+1}_{kj} σ(z^l_j), so ∂z^{l+1}_k/∂z^l_j = "
                    "w^{l+1}_{kj} σ'(z^l_j). Summing w_{kj} δ_k over k is row j of (W^{l+1})^T δ^{l+1}: BP2 "
                    "needs the transpose. With square weight matrices the slip runs without a shape error, which "
                    "is how it survives.",
        claim_hint="This is the claim as it stands. Look at which index of w^{l+1} runs over the sum.",
        mistakes={
            "the transpose fixed but σ'(z^l) dropped": "The transpose is right now, but the factor σ'(z^l_j) is "
                                                       "missing: z^{l+1}_k depends on z^l_j through σ(z^l_j).",
            "σ(z) in place of σ'(z)": "The transpose is right now, but you multiply by σ(z^l), not its "
                                      "derivative σ'(z^l).",
            "σ'(a) in place of σ'(z)": "The transpose is right now, but σ' is evaluated at the weighted input: "
                                       "σ'(z^l), not σ'(σ(z^l))."}),
    4: dict(
        title="The hidden error: one path or all of them",
        lines=("a", "b", "c", "d"), slip_line="a",
        line_hints={
            "b": "Line (b) is right: a^l_j = σ(z^l_j), so its derivative is σ'(z^l_j).",
            "c": "Line (c) is a true statement about one of the weighted inputs of layer l+1.",
            "d": LATER},
        nudge="Nudge one activation of layer l and count the weighted inputs of layer l+1 that move. How many "
              "paths does the derivation follow?",
        explanation="Line (a) follows a single path, through z^{l+1}_j. But a^l_j feeds every neuron of layer l+1: "
                    "z^{l+1}_k = Σ_i w^{l+1}_{ki} a^l_i + b^{l+1}_k contains a^l_j for every k. The chain rule must "
                    "sum over all of them: δ^l_j = Σ_k δ^{l+1}_k w^{l+1}_{kj} σ'(z^l_j), which is BP2. Line (d) "
                    "substitutes correctly and inherits the missing paths.",
        claim_hint="Your function still uses only the diagonal weights w^{l+1}_{jj}. How many neurons of "
                   "layer l+1 does a^l_j feed?",
        mistakes={
            "a sum over k without the transpose": "You sum over all paths now, but with w_{jk} where the path from "
                                                  "neuron j of layer l to neuron k of layer l+1 has weight "
                                                  "w^{l+1}_{kj}: a transpose is missing.",
            "σ'(a) in place of σ'(z)": "All paths are there now, but σ' is evaluated at the weighted input: "
                                       "σ'(z^l_j), not σ'(a^l_j)."}),
    5: dict(
        title="The hidden error with diagonal matrices",
        lines=("a", "b", "c", "d"), slip_line="b",
        line_hints={
            "a": "Line (a) is right: multiplying by a diagonal matrix scales each entry, which is the ⊙ product.",
            "c": "Line (c) is right: it is BP1 for the quadratic cost, δ^L = (a^L − y) ⊙ σ'(z^L).",
            "d": "Line (d) is BP3 and BP4, which are right: they hold in every layer, given the true δ^l. And the "
                 "gradients of layer L, whose δ^L comes from line (c) alone, pass the check."},
        nudge="Put the ratio claimed δ^3 / true δ^3 next to σ'(z) of each layer: which layer's σ' appears where "
              "another should?",
        explanation="Line (b) uses D^L where D^l is meant. The factor comes from a^l_j = σ(z^l_j), the layer whose "
                    "error we are computing, so it is σ'(z^l), not σ'(z^L): δ^l = D^l (W^{l+1})^T δ^{l+1}. Unrolled, "
                    "δ^l = D^l (W^{l+1})^T D^{l+1} ⋯ (W^L)^T D^L (a^L − y), one D per layer. With layers of different "
                    "widths D^L would not even fit; square layers let the slip run.",
        claim_hint="This still multiplies by σ'(z^L). Which layer's σ is between z^l and the next layer?",
        mistakes={
            "the diagonal matrix dropped": "The product now has no diagonal matrix at all; one is needed, from "
                                           "the right layer.",
            "σ'(a) in place of σ'(z)": "The layer is right now, but D^l = diag σ'(z^l) is evaluated at the "
                                       "weighted input, not at the activation."}),
    6: dict(
        title="The weight gradient, translated from the UFLDL notation",
        lines=("a", "b", "c", "d"), slip_line="d",
        line_hints={
            "a": "Line (a) is the course's forward pass; it is right.",
            "b": "Line (b) is the UFLDL result, correct in its own notation.",
            "c": "Line (c) is the right dictionary: UFLDL numbers a weight matrix by the layer it leaves, "
                 "we number it by the layer it enters; activations and errors carry the same numbers in both."},
        nudge="The bias gradients agree, so every δ^l is right; only the step from δ^l to ∂C/∂W^l is wrong. "
              "Which line produces that step?",
        explanation="Line (d) renames l+1 → l in W and δ but not in a. From (c), ∂C/∂W^{l+1} = δ^{l+1} (a^l)^T is "
                    "right; a consistent rename lowers every layer number by one, a^l included: "
                    "∂C/∂W^l = δ^l (a^{l−1})^T. The activation in BP4 is the one that goes *into* the weights W^l, "
                    "which is a^{l−1}, never a^l.",
        claim_hint="This still multiplies δ^l by a^l. Which activations are multiplied by W^l in the forward pass?",
        mistakes={
            "the indices of the product swapped": "You computed a^{l−1} (δ^l)^T, whose entry (j, k) is a_j δ_k. "
                                                  "BP4's entry (j, k) is δ^l_j a^{l−1}_k.",
            "the sum over the batch, not the mean": "The activation is right now, but the gradient of a mean cost "
                                                    "is a mean: divide by m."}),
    7: dict(
        title="The output error with the cross-entropy cost",
        lines=("a", "b", "c", "d"), slip_line="d",
        line_hints={
            "a": "Line (a) is the cross-entropy cost of one example; it is right.",
            "b": "Line (b) is right: differentiate each term, −y/a + (1 − y)/(1 − a), and put it over a(1 − a).",
            "c": "Line (c) is right: for the sigmoid, σ'(z) = σ(z)(1 − σ(z)) = a(1 − a)."},
        nudge="The claimed δ^L divided by the true one equals σ'(z^L), entry by entry: where does an extra σ' "
              "come in?",
        explanation="Line (d) uses σ' twice. BP1 multiplies ∇_a C by σ'(z^L) once; line (c) shows ∇_a C already "
                    "carries 1/σ'(z^L), and the cancellation is what BP1's σ' does. So δ^L = a^L − y, with no σ' "
                    "left. The extra σ' brings back the slow learning of saturated neurons that cross-entropy was "
                    "chosen to cure.",
        claim_hint="This still multiplies by σ'(z^L). How many factors σ' does BP1 apply, and where did line (c) "
                   "use one up?",
        mistakes={
            "∇_a C without BP1's σ'": "This is ∇_a C alone: BP1 still multiplies it by σ'(z^L) once.",
            "the uncancelled form": "On paper (a − y)/(a(1 − a)) · σ'(z) is a − y, but where σ(z) rounds to 1 "
                                    "(z ≳ 37) it is 0/0 or ∞ · 0. Cancel by hand and return a − y."}),
    8: dict(
        title="The weight gradient over a mini-batch",
        lines=("a", "b", "c", "d"), slip_line="d",
        line_hints={
            "a": "Line (a) is the cost the network reports: a mean over the batch. It is right.",
            "b": "Line (b) is right: the derivative of a mean is the mean of the derivatives.",
            "c": "Line (c) is BP4 for one example; it is right."},
        nudge="Every claimed weight gradient is the same number of times too large. Compare that number with "
              "the size of the batch.",
        explanation="Line (d) loses the 1/m of line (b). Δ^l (A^{l−1})^T = Σ_x δ^{x,l} (a^{x,l−1})^T is the *sum* "
                    "over the batch; the gradient of the mean cost is that sum divided by m. The claimed gradient is "
                    "exactly m times too large, so its direction is right and its size is not: η is silently "
                    "multiplied by m.",
        claim_hint="This is still the sum over the batch. Compare with line (b).",
        mistakes={
            "a mean over the wrong axis": "You divide by the number of rows (neurons), not the number of columns "
                                          "(examples)."}),
    9: dict(
        title="The direction of steepest descent",
        lines=("a", "b", "c", "d"), slip_line="c",
        line_hints={
            "a": "Line (a) is the first-order Taylor expansion of C; it is right.",
            "b": "Line (b) is the Cauchy–Schwarz inequality and its equality case; it is right.",
            "d": LATER},
        nudge="The claimed step makes the cost go up. Which line decides the direction of the step?",
        explanation="Line (c) reads the equality case of Cauchy–Schwarz the wrong way round. ∇C · Δp = "
                    "+‖∇C‖‖Δp‖ when Δp points along ∇C: that is the fastest *increase*. The fastest decrease, "
                    "−‖∇C‖‖Δp‖, needs Δp along −∇C, so the step is p → p − η∇C. The claimed step climbs the cost.",
        claim_hint="This step still moves along +∇C. What does ΔC ≈ ∇C · Δp say about the sign of ΔC?",
        mistakes={
            "a step of the wrong size": "The direction is right now, but the step must be scaled by η."}),
}
