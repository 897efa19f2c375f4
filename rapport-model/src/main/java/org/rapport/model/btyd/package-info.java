/**
 * Buy-till-you-die purchase models: BG/NBD (Fader, Hardie &amp; Lee 2005), Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987), MBG/NBD (Batislam, Denizel &amp; Filiztekin 2007) and BG/BB (Fader, Hardie &amp; Shang 2010), with P(alive), expected purchases and the conditional distribution of future counts.
 */
package org.rapport.model.btyd;
