# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'warehouse_products.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout

class Ui_ProductImportDialog(object):
    def setupUi(self, ProductImportDialog):
        if not ProductImportDialog.objectName():
            ProductImportDialog.setObjectName(u"ProductImportDialog")
        ProductImportDialog.resize(620, 420)
        self.mainLayout = QVBoxLayout(ProductImportDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(ProductImportDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.fileLayout = QHBoxLayout()
        self.fileLayout.setObjectName(u"fileLayout")
        self.fileEdit = QLineEdit(ProductImportDialog)
        self.fileEdit.setObjectName(u"fileEdit")
        self.fileEdit.setReadOnly(True)

        self.fileLayout.addWidget(self.fileEdit)

        self.browseButton = QPushButton(ProductImportDialog)
        self.browseButton.setObjectName(u"browseButton")

        self.fileLayout.addWidget(self.browseButton)


        self.mainLayout.addLayout(self.fileLayout)

        self.resultLabel = QLabel(ProductImportDialog)
        self.resultLabel.setObjectName(u"resultLabel")
        self.resultLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.resultLabel)

        self.skippedTable = QTableWidget(ProductImportDialog)
        if (self.skippedTable.columnCount() < 2):
            self.skippedTable.setColumnCount(2)
        __qtablewidgetitem = QTableWidgetItem()
        self.skippedTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.skippedTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        self.skippedTable.setObjectName(u"skippedTable")
        self.skippedTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.skippedTable.setColumnCount(2)

        self.mainLayout.addWidget(self.skippedTable)

        self.buttonBox = QDialogButtonBox(ProductImportDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close)

        self.mainLayout.addWidget(self.buttonBox)


        self.retranslateUi(ProductImportDialog)

        QMetaObject.connectSlotsByName(ProductImportDialog)
    # setupUi

    def retranslateUi(self, ProductImportDialog):
        ProductImportDialog.setWindowTitle(QCoreApplication.translate("ProductImportDialog", u"\u5bfc\u5165\u5546\u54c1\u91cd\u91cf\u8868", None))
        self.introLabel.setText(QCoreApplication.translate("ProductImportDialog", u"\u9009\u62e9 Excel \u6587\u4ef6\uff08.xlsx\uff09\u3002\u7b2c\u4e00\u5f20\u5de5\u4f5c\u8868\u987b\u6709\u8868\u5934\uff1a\u6b3e\u53f7/SKU\u3001\u540d\u79f0/\u54c1\u540d\u3001\u5355\u4ef6\u91cd\u91cf(g)/\u91cd\u91cf\u3002\u5df2\u6709\u7684\u6b3e\u53f7\u4f1a\u88ab\u66f4\u65b0\u3002", None))
        self.fileEdit.setPlaceholderText(QCoreApplication.translate("ProductImportDialog", u"\u5c1a\u672a\u9009\u62e9\u6587\u4ef6", None))
        self.browseButton.setText(QCoreApplication.translate("ProductImportDialog", u"\u9009\u62e9\u6587\u4ef6\u2026", None))
        ___qtablewidgetitem = self.skippedTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ProductImportDialog", u"\u884c\u53f7", None))
        ___qtablewidgetitem1 = self.skippedTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ProductImportDialog", u"\u8df3\u8fc7\u539f\u56e0", None))
    # retranslateUi
